/**
 * `text` as one unmasked, final WebSocket text frame (RFC 6455 §5.2), the bytes a server puts on
 * the wire: built once, the same bytes go to every socket, where `ws` would frame them again for each.
 * `payload` is a view of the frame's JSON, for what goes through `ws` (resumes).
 */
export function textFrame(text: string): { readonly wire: Buffer; readonly payload: Buffer } {
  const length = Buffer.byteLength(text);
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const wire = Buffer.allocUnsafe(header + length);
  // FIN and the text opcode.
  wire[0] = 0x81;
  if (header === 2) wire[1] = length;
  else if (header === 4) {
    wire[1] = 126;
    wire.writeUInt16BE(length, 2);
  } else {
    wire[1] = 127;
    wire.writeBigUInt64BE(BigInt(length), 2);
  }
  wire.write(text, header);
  return { wire, payload: wire.subarray(header) };
}
