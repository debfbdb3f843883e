/** Dossier codes as links to their timeline, comma-separated; a dash when there are none. */
export function DossierLinks({ codes }: { codes: readonly string[] }) {
  if (codes.length === 0) return <>–</>;
  return (
    <>
      {codes.map((code, n) => (
        <>
          {n > 0 && ', '}
          <a href={`#/dossier/${encodeURIComponent(code)}`}>{code}</a>
        </>
      ))}
    </>
  );
}

/** The API words its explanations in English (they carry counts): shown as given, marked so. */
export function Explanations({ items }: { items: readonly string[] }) {
  return (
    <ul class="reasons">
      {items.map((e) => (
        <li lang="en">{e}</li>
      ))}
    </ul>
  );
}
