// JSON.parse keeps the last of two equal keys without a word, so a policy that lists a column
// twice (two roles) would silently lose one entry. This scanner finds duplicate keys in any
// object of a JSON text that JSON.parse has already accepted. Returns the JSON pointer and line.
export function findDuplicateKeys(text: string): { path: string; line: number }[] {
  const found: { path: string; line: number }[] = [];
  type Frame = { kind: 'obj'; keys: Set<string>; key?: string; expectKey: boolean } | { kind: 'arr'; index: number };
  const stack: Frame[] = [];
  let line = 1;
  const here = (): string => stack.map((f) => '/' + (f.kind === 'obj' ? (f.key ?? '') : String(f.index)).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '{') stack.push({ kind: 'obj', keys: new Set(), expectKey: true });
    else if (c === '[') stack.push({ kind: 'arr', index: 0 });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'obj') top.expectKey = true;
      else if (top?.kind === 'arr') top.index++;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') {
          s += text.slice(j, j + 2);
          j += 2;
        } else {
          s += text[j];
          j++;
        }
      }
      const top = stack[stack.length - 1];
      if (top?.kind === 'obj' && top.expectKey) {
        const key = JSON.parse(`"${s}"`) as string;
        top.key = key;
        if (top.keys.has(key)) found.push({ path: here(), line });
        top.keys.add(key);
        top.expectKey = false;
      }
      i = j;
    }
  }
  return found;
}
