import { normaliseHexColor, readableTextOn, WIDGET_FONTS, type TWidgetFont } from '~/lib/widget-look';

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
 * A look-alike of the widget on a stand-in host page, drawn from the form's
 * current values so every change shows at once. It is a picture, not the
 * widget: nothing in it is interactive, and it is hidden from screen readers
 * (the form fields already say everything it shows).
 */
export function WidgetPreview({
  style,
  botName,
  greeting,
  suggestedQuestions,
}: {
  style: TWidgetPreviewStyle;
  botName: string;
  greeting: string;
  suggestedQuestions: readonly string[];
}) {
  // While a hex code is half typed, keep drawing with the last colour that made sense.
  const primary = normaliseHexColor(style.primaryColor) ?? '#4f46e5';
  const onPrimary = readableTextOn(primary);
  const colors = SCHEMES[style.scheme];
  const radius = Math.min(Math.max(Number(style.cornerRadius) || 0, 0), 24);
  const side = style.position === 'bottom-left' ? { left: 16 } : { right: 16 };
  const label = style.launcherLabel.trim();

  return (
    <div
      aria-hidden="true"
      data-testid="widget-preview"
      className="relative h-[26rem] overflow-hidden sm:h-[30rem] rounded-lg ring-1 ring-slate-200 dark:ring-slate-800"
      style={{ background: colors.page, fontFamily: WIDGET_FONTS[style.font]?.stack }}
    >
      {/* The host page: a few grey bars standing in for someone's website. */}
      <div className="space-y-3 p-5">
        <div className="h-4 w-2/5 rounded" style={{ background: colors.pageLines }} />
        <div className="h-3 w-4/5 rounded" style={{ background: colors.pageLines }} />
        <div className="h-3 w-3/5 rounded" style={{ background: colors.pageLines }} />
      </div>

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
            {greeting || 'Hi! How can I help you today?'}
          </p>
          <p
            className="ml-auto max-w-[85%] px-3 py-2"
            style={{ background: primary, color: onPrimary, borderRadius: radius, borderBottomRightRadius: 4 }}
          >
            Do you ship abroad?
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
            Type your message…
          </div>
        </div>
      </div>

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
