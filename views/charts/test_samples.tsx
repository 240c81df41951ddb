/**
 * Sample charts for the chart tests: the shapes the reports draw (income vs expenses with a
 * negative net, 36 months of cash flow, top payees, profit and loss with negative
 * categories) and the edge cases (one month, all zero, one huge outlier, hostile labels, a
 * Spanish chart in euros).
 */
import { moneyTicks, monthCategories } from "./format.ts";
import { HorizontalBars } from "./HorizontalBars.tsx";
import { MonthlyBars } from "./MonthlyBars.tsx";
import type { BarItem, ChartSeries } from "./types.ts";

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const eur = new Intl.NumberFormat("es", { style: "currency", currency: "EUR" });

/** Cents as "$1,234.00" (the test stand-in for i18n money). */
export const money = (cents: number): string => usd.format(cents / 100);

/** `n` consecutive "YYYY-MM" months from `start`. */
export function months(start: string, n: number): string[] {
  const [y, m] = start.split("-").map(Number);
  return Array.from({ length: n }, (_, i) => new Date(Date.UTC(y, m - 1 + i, 1)).toISOString().slice(0, 7));
}

/** A series of cents with its formatted values. */
export function series(name: string, values: number[], hrefs?: string[]): ChartSeries {
  return { name, values, display: values.map(money), hrefs };
}

/** Bar items of cents. */
export function items(rows: [string, number][]): BarItem[] {
  return rows.map(([label, value]) => ({ label, value, display: money(value) }));
}

const ticks = moneyTicks("en-US", "USD");
const cats = (ms: string[]) => monthCategories("en-US", ms);

/** Income, expenses and net for 2025, with three negative months of net. */
export const INCOME = [
  820000,
  640000,
  910000,
  450000,
  700000,
  1230000,
  560000,
  880000,
  930000,
  720000,
  1010000,
  1500000,
];
/** Expenses matching {@link INCOME}. */
export const EXPENSES = [
  510000,
  700000,
  480000,
  620000,
  530000,
  790000,
  810000,
  450000,
  520000,
  600000,
  680000,
  940000,
];
/** Net: income minus expenses. */
export const NET = INCOME.map((v, i) => v - EXPENSES[i]);

/** A payee name that tries to break out of the markup. */
export const HOSTILE = `<script>alert("x")</script> & 'quotes' "too"`;

/** One chart of each kind and edge case, in page order. */
export function sampleCharts() {
  const m12 = months("2025-01", 12);
  const m36 = months("2024-01", 36);
  const m24 = months("2025-01", 24);
  const wave = (i: number, base: number, amp: number) =>
    Math.round(base + amp * Math.sin(i / 2.3) + (i * 1711 % 900) * 100);
  return [
    <MonthlyBars
      id="ie"
      title="Income and expenses per month"
      description="Bars per month: income, expenses and net for 2025."
      categoryHeader="Month"
      categories={cats(m12)}
      formatTick={ticks}
      series={[series("Income", INCOME), series("Expenses", EXPENSES), series("Net", NET)]}
    />,
    <MonthlyBars
      id="cf"
      title="Money in and out per month, all accounts"
      description="Bars per month: money in and money out, 2024 to 2026."
      categoryHeader="Month"
      categories={cats(m36)}
      formatTick={ticks}
      series={[
        series("Money in", m36.map((_, i) => wave(i, 600000, 250000))),
        series("Money out", m36.map((_, i) => -wave(i + 3, 500000, 200000))),
      ]}
    />,
    <HorizontalBars
      id="tp"
      title="Largest payees"
      description="The payees the client paid most in 2025."
      categoryHeader="Payee"
      valueHeader="Paid"
      items={items([
        ["Amazon Web Services EMEA SARL (Luxembourg) — cloud hosting", 1843221],
        ["Landlord: 412 Oak Street Holdings LLC", 1440000],
        ["Adobe", 95988],
        [HOSTILE, 77000],
        ["Delta Air Lines", 64210],
        ["Café Olé ☕ & Co.", 12050],
        ["Zoom", 1599],
      ])}
    />,
    <HorizontalBars
      id="pl"
      title="Profit and loss by category"
      description="Net per category for 2025."
      categoryHeader="Category"
      valueHeader="Net"
      tone={2}
      items={items([
        ["Sales", 4200000],
        ["Advertising (line 8)", -180000],
        ["Supplies (line 22)", -420000],
        ["Refunds received", 35000],
        ["Travel (line 24a)", -260000],
      ])}
    />,
    <MonthlyBars
      id="one"
      title="One month"
      description="March 2025 only."
      categoryHeader="Month"
      categories={cats(["2025-03"])}
      formatTick={ticks}
      series={[series("Income", [123400]), series("Expenses", [99000])]}
    />,
    <MonthlyBars
      id="zero"
      title="A quiet half year"
      description="No income and no expenses."
      categoryHeader="Month"
      categories={cats(m12.slice(0, 6))}
      formatTick={ticks}
      series={[series("Income", [0, 0, 0, 0, 0, 0]), series("Expenses", [0, 0, 0, 0, 0, 0])]}
    />,
    <MonthlyBars
      id="outlier"
      title="One huge month"
      description="June dwarfs the rest."
      categoryHeader="Month"
      categories={cats(m12)}
      formatTick={ticks}
      series={[series("Income", m12.map((_, i) => (i === 5 ? 987654321 : 120000 + i * 5000)))]}
    />,
    <MonthlyBars
      id="es"
      title="Ingresos y gastos por mes"
      description="Barras por mes: ingresos, gastos y neto de 2025 a 2026."
      categoryHeader="Mes"
      categories={monthCategories("es", m24)}
      formatTick={moneyTicks("es", "EUR")}
      series={[["Ingresos", INCOME], ["Gastos", EXPENSES], ["Neto", NET]].map(([name, values]) => ({
        name: name as string,
        values: [...values as number[], ...values as number[]],
        display: [...values as number[], ...values as number[]].map((v) => eur.format(v / 100)),
      }))}
    />,
  ];
}
