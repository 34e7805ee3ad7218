/**
 * The recording file format (`c2sim play --record`), format 2: the inputs (bundled ones by id, a
 * user's file by its path relative to the recording), the seed and run, each choice with its
 * simulated time, and the sha256 of all that. A format, like the report's, so it lives with the
 * model: the play session writes it and replay reads it without either importing the other.
 */
import { z } from 'zod';

export const RECORDING_VERSION = 2;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const inputRef = z.union([
  z.strictObject({ id: z.string(), bundled: z.literal(true), sha256 }),
  z.strictObject({
    id: z.string(),
    file: z.string().meta({ description: 'Relative to the recording\'s directory, with forward slashes' }),
    sha256,
  }),
]);

const content = {
  c2simRecording: z.literal(RECORDING_VERSION),
  tool: z.strictObject({ name: z.literal('c2sim'), version: z.string() }),
  scenario: inputRef,
  structures: z.array(inputRef).min(1).max(2),
  seed: z.string().regex(/^\d{1,15}$/),
  runIndex: z.number().int().nonnegative(),
  choices: z.array(z.strictObject({ point: z.string(), option: z.string(), at_s: z.number().nonnegative() })),
};
export const recordingSchema = z.strictObject({
  ...content,
  sha256: sha256.meta({ description: 'sha256 of the canonical JSON of every other field' }),
});

export type Recording = z.infer<typeof recordingSchema>;
export type InputRef = z.infer<typeof inputRef>;

