/** Server-rendered, accessible SVG charts (no client-side chart code). */
export { MonthlyBars } from "./MonthlyBars.tsx";
export { HorizontalBars } from "./HorizontalBars.tsx";
export { moneyTicks, monthCategories } from "./format.ts";
export type { BarItem, ChartBase, ChartCategory, ChartSeries, HorizontalBarsProps, MonthlyBarsProps } from "./types.ts";
