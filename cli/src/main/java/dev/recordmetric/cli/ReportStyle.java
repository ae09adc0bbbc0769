package dev.recordmetric.cli;

/** The report page's stylesheet, inlined so the page needs nothing else. */
final class ReportStyle {

    static final String CSS = """
            :root { --ok: #2f7d32; --ok-bg: #e3f4e1; --retry: #b7791f; --retry-bg: #fdf1d6; --bad: #c62828; --bad-bg: #fde4e2;
                    --none: #8c959f; --none-bg: #f3f4f6; --busy: #e8590c; --idle: #1c7ed6; --line: #d0d7de; --text: #1f2328;
                    --muted: #59636e; }
            * { box-sizing: border-box; }
            body { margin: 0; padding: 24px 32px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
                   color: var(--text); background: #fff; }
            h1 { font-size: 22px; margin: 0 0 4px; }
            h2 { font-size: 16px; margin: 0 0 6px; }
            h4 { font-size: 12px; margin: 10px 0 4px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
            header { border-bottom: 1px solid var(--line); padding-bottom: 12px; margin-bottom: 20px; }
            .source { margin: 0; }
            .meta, .hint { color: var(--muted); margin: 0 0 8px; font-size: 13px; }
            .hint { font-weight: normal; }
            section { margin-bottom: 28px; }
            .machine { position: sticky; top: 12px; }
            .top { display: grid; grid-template-columns: minmax(0, auto) minmax(0, 1fr); gap: 32px; align-items: start; }
            @media (max-width: 1000px) { .top { grid-template-columns: minmax(0, 1fr); } }
            .ok { color: var(--ok); font-weight: 600; }
            .bad { color: var(--bad); font-weight: 600; }
            .empty { color: var(--muted); font-style: italic; }
            svg text { font-family: inherit; }
            .graph .state rect { stroke-width: 2; }
            .graph .state .name { font-size: 14px; font-weight: 600; text-anchor: middle; fill: var(--text); }
            .graph .state .note { font-size: 12px; text-anchor: middle; fill: var(--muted); }
            .graph .succeeded rect { fill: var(--ok-bg); stroke: var(--ok); }
            .graph .retried rect { fill: var(--retry-bg); stroke: var(--retry); }
            .graph .failed rect { fill: var(--bad-bg); stroke: var(--bad); }
            .graph .not-entered rect { fill: var(--none-bg); stroke: var(--none); stroke-dasharray: 5 4; }
            .graph .not-entered .name { fill: var(--muted); font-weight: normal; }
            .graph a:hover rect { stroke-width: 3; }
            .graph .edge { fill: none; stroke: #8c959f; stroke-width: 1.5; }
            .graph .edge.catch { stroke-dasharray: 6 4; }
            .graph .edge.taken { stroke: #1f2328; stroke-width: 2.5; }
            .graph .edge-label { font-size: 11px; fill: var(--muted); }
            .graph .terminal { fill: #1f2328; }
            .graph .terminal.end { fill: #fff; stroke: #1f2328; stroke-width: 4; }
            .legend { list-style: none; padding: 0; margin: 8px 0 0; display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 13px; }
            .swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px; border: 2px solid; margin-right: 6px;
                      vertical-align: -2px; }
            .swatch.succeeded { background: var(--ok-bg); border-color: var(--ok); }
            .swatch.retried { background: var(--retry-bg); border-color: var(--retry); }
            .swatch.failed { background: var(--bad-bg); border-color: var(--bad); }
            .swatch.not-entered { background: var(--none-bg); border-color: var(--none); border-style: dashed; }
            .state-io { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; padding: 6px 10px; }
            .state-io summary { cursor: pointer; }
            .state-io:target { outline: 2px solid var(--idle); }
            pre { background: #f6f8fa; border-radius: 6px; padding: 8px 10px; margin: 0; font-size: 12px; max-height: 360px;
                  overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
            .failure { background: var(--bad-bg); border-left: 4px solid var(--bad); padding: 6px 10px; margin: 8px 0;
                       overflow-wrap: anywhere; }
            .failure .cause { margin-top: 4px; }
            .published b { font-size: 15px; }
            .chart svg { width: 100%; max-width: 1000px; height: auto; }
            .chart .grid { stroke: #eaeef2; }
            .chart .axis, .chart .tick-mark { stroke: #57606a; }
            .chart .tick { font-size: 12px; fill: var(--muted); }
            .chart .tick.y { text-anchor: end; }
            .chart .tick.x { text-anchor: middle; }
            .chart .axis-title { font-size: 12px; fill: var(--muted); text-anchor: middle; }
            .chart .series { fill: none; stroke-width: 2.5; }
            .chart .series.busy { stroke: var(--busy); }
            .chart .series.idle { stroke: var(--idle); }
            .chart .point.busy { fill: var(--busy); }
            .chart .point.idle { fill: var(--idle); }
            .chart .legend-text { font-size: 13px; fill: var(--text); }
            .chart .failed-run { fill: var(--bad); font-size: 18px; font-weight: 700; text-anchor: middle; }
            table { border-collapse: collapse; font-size: 13px; }
            th, td { border-bottom: 1px solid var(--line); padding: 5px 12px; text-align: left; }
            th { background: #f6f8fa; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            code { font-size: 12px; }
            .definition summary { cursor: pointer; font-weight: 600; }
            """;

    private ReportStyle() {}
}
