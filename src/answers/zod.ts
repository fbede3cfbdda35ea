/**
 * The parts of zod this project uses, as named exports. Modules import them as `import * as z from "./zod.js"`.
 * zod's own `z` object also carries every locale (some 40 languages), which a bundle cannot leave out once `z` is
 * imported: named imports shrink the CLI bundle's zod from 750 kB to 190 kB and its start-up by about 20 ms.
 */
import { config } from "zod";

export { array, boolean, enum, number, record, string, strictObject, union, unknown } from "zod";
export type { core, input, output, RefinementCtx, ZodType } from "zod";

// Answers are validated once or twice per run. zod's JIT compiles a parser per object shape with `new Function`
// first, which costs more than it saves here: a first validation takes 5 ms instead of 12.
config({ jitless: true });
