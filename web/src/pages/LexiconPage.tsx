import { useEffect } from 'preact/hooks';
import { ErrorBox, Loading, Page } from '../components/ui';
import { get } from '../lib/api';
import { groupLexicon, lexiconAnchor } from '../lib/posts';
import { useLoad } from '../lib/useLoad';
import type { Lexicon } from '../lib/types';

/**
 * The published triage lexicon, grouped by category: what makes a post be
 * read first, so that anyone can see, and challenge, how triage works.
 */
export function LexiconPage() {
  const load = useLoad(() => get<Lexicon>('/api/v1/lexicon'), []);
  const lexicon = load.state === 'ok' ? load.data : null;
  // A flag links to its pattern here; the page is drawn only once the lexicon has come.
  useEffect(() => {
    if (!lexicon || !location.hash) return;
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) {
      target.scrollIntoView();
      target.focus({ preventScroll: true });
    }
  }, [lexicon]);
  return (
    <Page title="Triage lexicon" wide>
      {load.state === 'loading' && <Loading what="the lexicon" />}
      {load.state === 'error' && <ErrorBox error={load.error} retry={load.reload} title="The lexicon could not be loaded." />}
      {lexicon && (
        <>
          <p class="lead">{lexicon.name}, version {lexicon.version}.</p>
          <p>
            Reported social-media posts are read in order of priority. These patterns raise a post's priority so that a person
            reads it sooner; they decide nothing. They are grouped by the examples of the IHRA working definition of
            antisemitism and by the party's conduct guidance. Text is compared after folding case, look-alike letters and
            spacing tricks (“Z i o”, “Z1o”). Criticism of Israel like that levelled against any other country is not flagged.
          </p>
          <p>
            A post that reports, quotes or condemns abuse (see <a href="#contexts">contexts</a>) keeps its flags, marked as
            discounted, but they do not raise its priority.
          </p>
          <nav aria-label="Categories" class="lexicon-index">
            <ul>
              {groupLexicon(lexicon).map((g) => <li key={g.id}><a href={`#${lexiconAnchor(g.id)}`}>{g.title}</a> <span class="muted small">({g.patterns.length})</span></li>)}
            </ul>
          </nav>
          {groupLexicon(lexicon).map((g) => (
            <section key={g.id} class="section lexicon-category" id={lexiconAnchor(g.id)} aria-labelledby={`${lexiconAnchor(g.id)}-heading`} tabIndex={-1}>
              <h2 id={`${lexiconAnchor(g.id)}-heading`}>{g.title}</h2>
              {g.source && <p class="muted small">{g.source} · <code>{g.id}</code></p>}
              {g.patterns.length === 0 ? <p class="muted">No patterns in this version.</p> : (
                <ul class="patterns">
                  {g.patterns.map((p) => (
                    <li key={p.id} id={lexiconAnchor(p.id)} class="pattern" tabIndex={-1}>
                      <p class="pattern-head"><strong>{p.id}</strong> <span class="muted small">weight {p.weight}</span></p>
                      {p.note && <p class="pattern-note">{p.note}</p>}
                      <code class="expression">{p.expression}</code>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ))}
          <section class="section" id="contexts" aria-labelledby="contexts-heading">
            <h2 id="contexts-heading">Contexts that discount a flag</h2>
            {lexicon.contexts.length === 0 ? <p class="muted">None.</p> : (
              <ul class="patterns">
                {lexicon.contexts.map((c) => (
                  <li key={c.id} id={lexiconAnchor(c.id)} class="pattern" tabIndex={-1}>
                    <p class="pattern-head"><strong>{c.id}</strong></p>
                    {c.note && <p class="pattern-note">{c.note}</p>}
                    <code class="expression">{c.expression}</code>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </Page>
  );
}
