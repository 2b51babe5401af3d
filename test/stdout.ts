/** What the process writes to stdout while `work` runs (the app logs one JSON line per entry there). */
export async function stdoutDuring<T>(work: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk: unknown, ...rest: never[]) => {
    chunks.push(String(chunk));
    return write(chunk as string, ...rest);
  };
  try {
    return { result: await work(), output: chunks.join('') };
  } finally {
    process.stdout.write = write;
  }
}
