/**
 * The recording file format (`c2sim play --record`): the inputs with their sha256, the seed and run,
 * and each choice with its simulated time. A format, like the report's, so it lives with the model:
 * the play session writes it and replay reads it without either importing the other.
 */
import { z } from 'zod';

const fileRef = z.strictObject({ id: z.string(), file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export const recordingSchema = z.strictObject({
  c2simRecording: z.literal(1),
  tool: z.strictObject({ name: z.literal('c2sim'), version: z.string() }),
  scenario: fileRef,
  structures: z.array(fileRef).min(1),
  seed: z.string().regex(/^\d{1,15}$/),
  runIndex: z.number().int().nonnegative(),
  choices: z.array(z.strictObject({ point: z.string(), option: z.string(), at_s: z.number().nonnegative() })),
});

export type Recording = z.infer<typeof recordingSchema>;
