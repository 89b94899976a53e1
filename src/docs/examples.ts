/** The named example losses of MATH.md §4-§5, shown step by step in docs/derivations/. */
export interface ExampleLoss {
  readonly name: string;
  readonly title: string;
  readonly loss: string;
  readonly vars: readonly string[];
  readonly params?: Readonly<Record<string, string>>;
  /** Why this loss is in the docs. */
  readonly note: string;
}

export const EXAMPLE_LOSSES: readonly ExampleLoss[] = [
  {
    name: 'cosine',
    title: 'L = 1 - cos x',
    loss: '1 - cos(x)',
    vars: ['x'],
    note: 'For eta > 2 GD has the symmetric period-two orbit +-a with 2a = eta sin a (eta = 5/2: a = 1.13110258565128...).',
  },
  {
    name: 'subcritical-quartic',
    title: 'L = x^2/2 + x^4/4',
    loss: 'x^2/2 + x^4/4',
    vars: ['x'],
    note: 'Subcritical: for eta < 2 the unstable orbit a^2 = 2/eta - 1 (eta = 9/5: a = 1/3 exactly).',
  },
  {
    name: 'chen-bruna',
    title: 'L = (x^2 - mu)^2/4',
    loss: '(x^2 - mu)^2/4',
    vars: ['x'],
    params: { mu: '1' },
    note: "Chen and Bruna's loss: with eta = K/mu the orbit has a^2 = (mu - 1/eta)/4 and multiplier 7 - 4K - 2K^2.",
  },
  {
    name: 'scalar-network',
    title: 'L = (xy - 1)^2/2',
    loss: '(x*y - 1)^2/2',
    vars: ['x', 'y'],
    note: 'A manifold of minima xy = 1 with sharpness x^2 + y^2, flattest at x = y = 1 (eta* = 1), and the balancing identity.',
  },
  {
    name: 'two-dimensional-trap',
    title: 'L = 2x^2 + y^2/2 + x^2 y + x^4/4 + x^3/3',
    loss: '2*x^2 + y^2/2 + x^2*y + x^4/4 + x^3/3',
    vars: ['x', 'y'],
    note: 'The trap of MATH.md §4: the full quartic coefficient Q(e_x) is negative (stable branch above eta_c = 1/2) while the loss restricted to the x-axis suggests the opposite.',
  },
  {
    name: 'smooth-norm',
    title: 'L = sqrt(x^2 + y^2 + 1)',
    loss: 'sqrt(x^2 + y^2 + 1)',
    vars: ['x', 'y'],
    note: 'The built-in example of the README; its second derivative was wrong in unpatched nerdamer.',
  },
];
