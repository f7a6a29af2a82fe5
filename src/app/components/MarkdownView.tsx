import { useLayoutEffect, useRef } from 'preact/hooks';
import { renderMarkdown, type RenderOptions } from './render-markdown';

interface Props extends RenderOptions {
  markdown: string;
  /** Language of the course content, so screen readers pronounce it right in an English interface. */
  lang: string;
  class?: string;
}

/** The Markdown of a lesson or a question, made into elements (never parsed as HTML: render-markdown.ts). */
export function MarkdownView({ markdown, lang, class: className, ...options }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    ref.current?.replaceChildren(renderMarkdown(markdown, { ...options, lang }));
    // Options are rebuilt on every render; the text decides when to render again.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-rendering on every new options object would redo the Markdown on each keystroke elsewhere
  }, [markdown]);
  return <div ref={ref} lang={lang} class={className ?? 'prose'} />;
}
