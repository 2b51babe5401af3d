/**
 * A write's answer with the global position of its last event: the client sends it back as
 * `X-Min-Position` to read its own write (docs/API.md, "Read your writes").
 */
export type Positioned<T> = T & { readonly position: number };

export const positioned = <T extends object>(answer: T, position: number): Positioned<T> => ({ ...answer, position });
