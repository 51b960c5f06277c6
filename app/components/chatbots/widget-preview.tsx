import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { normaliseHexColor, readableTextOn, WIDGET_FONTS, type TWidgetFont } from '../../../shared/widget-look';

export type TWidgetPreviewStyle = {
  primaryColor: string;
  position: 'bottom-right' | 'bottom-left';
  launcherLabel: string;
  /** The scheme to draw: `auto` is resolved by the caller (the visitor's system decides on real sites). */
  scheme: 'light' | 'dark';
  cornerRadius: number;
  font: TWidgetFont;
};

const SCHEMES = {
  light: {
    page: '#f1f5f9',
    pageLines: '#e2e8f0',
    panel: '#ffffff',
    text: '#0f172a',
    muted: '#64748b',
    botBubble: '#f1f5f9',
    border: '#e2e8f0',
  },
  dark: {
    page: '#1e293b',
    pageLines: '#334155',
    panel: '#0f172a',
    text: '#f1f5f9',
    muted: '#94a3b8',
    botBubble: '#1e293b',
    border: '#334155',
  },
} as const;

/**
 * The widget on a stand-in host page, drawn from the form's current values so
 * every change shows at once. With `frameUrl` the chat window is the real
 * frame (served by Parley with a preview token, so it answers like on a site
 * even while the chatbot is a draft) and each change of style is posted to it;
 * without, a picture of it. The launcher is always a picture: on real sites
 * the loader draws it on the host page itself.
 */
export function WidgetPreview({
  style,
  botName,
  greeting,
  suggestedQuestions,
  frameUrl,
}: {
  style: TWidgetPreviewStyle;
  botName: string;
  greeting: string;
  suggestedQuestions: readonly string[];
  frameUrl?: string | null;
}) {
  const { t } = useTranslation();
  // While a hex code is half typed, keep drawing with the last colour that made sense.
  const primary = normaliseHexColor(style.primaryColor) ?? '#4f46e5';
  const onPrimary = readableTextOn(primary);
  const colors = SCHEMES[style.scheme];
  const radius = Math.min(Math.max(Number(style.cornerRadius) || 0, 0), 24);
  const side = style.position === 'bottom-left' ? { left: 16 } : { right: 16 };
  const label = style.launcherLabel.trim();
  const frameStyle = {
    primaryColor: primary,
    position: style.position,
    launcherLabel: style.launcherLabel,
    theme: style.scheme,
    cornerRadius: radius,
    font: style.font,
  };
  const frame = useStyledFrame(frameUrl ?? null, frameStyle);

  return (
    <div
      aria-hidden={frameUrl ? undefined : true}
      data-testid="widget-preview"
      className={`relative overflow-hidden rounded-lg ring-1 ring-slate-200 dark:ring-slate-800 ${
        // The real chat needs room for a conversation; the picture does not.
        frameUrl ? 'h-[34rem] sm:h-[38rem]' : 'h-[26rem] sm:h-[30rem]'
      }`}
      style={{ background: colors.page, fontFamily: WIDGET_FONTS[style.font]?.stack }}
    >
      {/* The host page: a few grey bars standing in for someone's website. */}
      <div className="space-y-3 p-5">
        <div className="h-4 w-2/5 rounded" style={{ background: colors.pageLines }} />
        <div className="h-3 w-4/5 rounded" style={{ background: colors.pageLines }} />
        <div className="h-3 w-3/5 rounded" style={{ background: colors.pageLines }} />
      </div>

      {frameUrl ? (
        <iframe
          ref={frame}
          src={frameUrl}
          title={t('chatbots:preview.frameTitle', { name: botName })}
          data-testid="widget-preview-frame"
          allow="clipboard-write"
          className="absolute w-[min(22rem,calc(100%-2rem))] shadow-xl"
          style={{
            ...side,
            bottom: 80,
            // An iframe keeps its default 150 px between top and bottom offsets: its height is given.
            height: 'calc(100% - 96px)',
            border: 0,
            borderRadius: radius,
            colorScheme: 'normal',
          }}
        />
      ) : (
        <div
          className="absolute flex w-[min(20rem,calc(100%-2rem))] flex-col overflow-hidden shadow-xl"
          style={{
            ...side,
            bottom: 80,
            borderRadius: radius,
            background: colors.panel,
            color: colors.text,
            border: `1px solid ${colors.border}`,
          }}
        >
          <div className="flex items-center gap-2 px-4 py-3" style={{ background: primary, color: onPrimary }}>
            <span className="inline-block size-2 rounded-full bg-emerald-400" />
            <span className="truncate text-sm font-semibold">{botName}</span>
          </div>
          <div className="space-y-2.5 p-3 text-sm">
            <p
              className="max-w-[85%] px-3 py-2"
              style={{ background: colors.botBubble, borderRadius: radius, borderBottomLeftRadius: 4 }}
            >
              {greeting || t('chatbots:preview.greeting')}
            </p>
            <p
              className="ml-auto max-w-[85%] px-3 py-2"
              style={{ background: primary, color: onPrimary, borderRadius: radius, borderBottomRightRadius: 4 }}
            >
              {t('chatbots:preview.visitorMessage')}
            </p>
            {suggestedQuestions.length > 0 && (
              <div className="flex flex-wrap gap-1.5 pt-1">
                {suggestedQuestions.slice(0, 3).map((question) => (
                  <span
                    key={question}
                    className="max-w-full truncate px-2.5 py-1 text-xs"
                    style={{ border: `1px solid ${primary}`, color: colors.text, borderRadius: radius }}
                  >
                    {question}
                  </span>
                ))}
              </div>
            )}
          </div>
          <div className="px-3 pb-3">
            <div
              className="px-3 py-2 text-xs"
              style={{ border: `1px solid ${colors.border}`, color: colors.muted, borderRadius: radius }}
            >
              {t('chatbots:preview.messagePlaceholder')}
            </div>
          </div>
        </div>
      )}

      <div
        data-testid="widget-preview-launcher"
        className="absolute flex h-12 items-center gap-2 px-4 text-sm font-semibold shadow-lg"
        style={{
          ...side,
          bottom: 16,
          background: primary,
          color: onPrimary,
          // A label makes a pill; an icon alone makes a circle (a radius of half the height).
          borderRadius: label ? Math.max(radius, 8) : 24,
          minWidth: 48,
          justifyContent: 'center',
        }}
      >
        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" className="size-5 shrink-0">
          <path d="M4 5h16v11H8l-4 4z" strokeLinejoin="round" />
        </svg>
        {label && <span className="truncate">{label}</span>}
      </div>
    </div>
  );
}

/**
 * Keeps the preview frame showing the form's current style: posts it when the
 * frame says it is ready and after every change, only to Parley's own origin
 * (where the frame is served from).
 */
function useStyledFrame(frameUrl: string | null, style: Record<string, unknown>) {
  const ref = useRef<HTMLIFrameElement>(null);
  const latest = useRef(style);
  latest.current = style;
  const serialized = JSON.stringify(style);

  useEffect(() => {
    if (!frameUrl) return;
    const origin = new URL(frameUrl, window.location.href).origin;
    const post = () =>
      ref.current?.contentWindow?.postMessage({ parley: 1, type: 'style', style: latest.current }, origin);
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== origin || event.source !== ref.current?.contentWindow) return;
      if ((event.data as { parley?: number; type?: string } | null)?.type === 'ready') post();
    };
    window.addEventListener('message', onMessage);
    post();
    return () => window.removeEventListener('message', onMessage);
  }, [frameUrl, serialized]);

  return ref;
}
