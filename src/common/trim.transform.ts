import { Transform } from 'class-transformer';

/** Trims surrounding whitespace of a string field before validation (other types pass through to be rejected). */
export const Trim = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
