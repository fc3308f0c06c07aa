// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): "500m", "4Gi", "1.5", "2e3".
// Values are kept exact as a fraction num/den (den a power of ten), because Karmada's estimator
// divides quantities and rounds with Value()/MilliValue(); a float would turn "7910m" into 7910.000…1.

/** An exact quantity: num / den, den > 0. */
export interface Quantity {
  num: bigint;
  den: bigint;
}

const NUMBER = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(.*)$/;
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const EXPONENT = /^[eE]([+-]?[0-9]+)$/;
const NANO = 10n ** 9n;

/**
 * resource.ParseQuantity: sign, decimal number, then a binary suffix (Ki…Ei), a decimal suffix
 * (n, u, m, k, M, G, T, P, E) or a decimal exponent (e3, E-2). Like Kubernetes, anything finer than
 * a nano-unit is rounded up (away from zero). Returns an error message for anything else.
 */
export function parseQuantity(input: string | number): Quantity | { error: string } {
  const text = typeof input === "number" ? numberText(input) : input;
  if (text === undefined) return { error: `${String(input)} is not a finite number` };
  const m = NUMBER.exec(text);
  if (!m) return { error: `${JSON.stringify(text)} is not a quantity (expected e.g. 500m, 4Gi, 2)` };
  const [, sign, digits, suffix] = m as unknown as [string, string, string, string];
  const dot = digits.indexOf(".");
  const whole = dot < 0 ? digits : digits.slice(0, dot);
  const fraction = dot < 0 ? "" : digits.slice(dot + 1);
  let num = BigInt((whole || "0") + fraction);
  let den = 10n ** BigInt(fraction.length);
  if (sign === "-") num = -num;
  let exp10: number;
  if (suffix in BINARY) {
    num *= 2n ** BigInt(BINARY[suffix]!);
    exp10 = 0;
  } else if (suffix in DECIMAL) {
    exp10 = DECIMAL[suffix]!;
  } else {
    const e = EXPONENT.exec(suffix);
    if (!e) return { error: `${JSON.stringify(text)} has an unknown suffix ${JSON.stringify(suffix)} (use Ki, Mi, Gi, Ti, Pi, Ei, n, u, m, k, M, G, T, P, E or an exponent)` };
    exp10 = Number(e[1]);
    if (Math.abs(exp10) > 1000) return { error: `${JSON.stringify(text)} has an exponent out of range` };
  }
  if (exp10 > 0) num *= 10n ** BigInt(exp10);
  else if (exp10 < 0) den *= 10n ** BigInt(-exp10);
  return normalize(roundToNano({ num, den }));
}

/** True when `parseQuantity` failed. */
export function isQuantityError(q: Quantity | { error: string }): q is { error: string } {
  return "error" in q;
}

/** A quantity from a number already in base units (as the model stores capacities). */
export function quantityFromNumber(n: number): Quantity {
  const q = parseQuantity(n);
  return isQuantityError(q) ? { num: 0n, den: 1n } : q;
}

export function subtractQuantity(a: Quantity, b: Quantity): Quantity {
  return normalize({ num: a.num * b.den - b.num * a.den, den: a.den * b.den });
}

export function addQuantity(a: Quantity, b: Quantity): Quantity {
  return normalize({ num: a.num * b.den + b.num * a.den, den: a.den * b.den });
}

export function compareQuantity(a: Quantity, b: Quantity): number {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** Quantity.Value(): the value rounded up to an integer, away from zero. */
export function quantityValue(q: Quantity): bigint {
  return divideAwayFromZero(q.num, q.den);
}

/** Quantity.MilliValue(): the value in thousandths, rounded up away from zero. */
export function quantityMilliValue(q: Quantity): bigint {
  return divideAwayFromZero(q.num * 1000n, q.den);
}

/** The nearest double, for the model (which stores base units as numbers). */
export function quantityToNumber(q: Quantity): number {
  if (q.den === 1n) return Number(q.num);
  // Decimal text keeps the conversion correctly rounded (Number(num) / Number(den) could round twice).
  const negative = q.num < 0n;
  const abs = negative ? -q.num : q.num;
  const scale = q.den.toString().length - 1;
  const s = abs.toString().padStart(scale + 1, "0");
  const text = `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
  return Number(negative ? `-${text}` : text);
}

function divideAwayFromZero(num: bigint, den: bigint): bigint {
  const q = num / den;
  if (q * den === num) return q;
  return num < 0n ? q - 1n : q + 1n;
}

function roundToNano(q: Quantity): Quantity {
  if (q.den <= NANO) return q;
  return { num: divideAwayFromZero(q.num * NANO, q.den), den: NANO };
}

function normalize(q: Quantity): Quantity {
  let { num, den } = q;
  while (den > 1n && num % 10n === 0n && den % 10n === 0n) {
    num /= 10n;
    den /= 10n;
  }
  if (num === 0n) den = 1n;
  return { num, den };
}

function numberText(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  // String() gives the shortest text that reads back as the same double ("1e+21", "0.1").
  return String(n).replace("e+", "e");
}
