/** `T` as it reaches a client in a JSON body: dates become ISO strings. Lets a response DTO implement an answer holding dates. */
export type JsonShape<T> = T extends Date
  ? string
  : T extends readonly (infer Element)[]
    ? readonly JsonShape<Element>[]
    : T extends object
      ? { readonly [Key in keyof T]: JsonShape<T[Key]> }
      : T;
