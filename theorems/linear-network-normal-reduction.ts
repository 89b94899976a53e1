import type { Decimal } from 'decimal.js';
import { balancedMinimum, normalReduction, type NormalReductionReport } from '../src/dynamics/linear-network/balanced.js';
import { numericContext } from '../src/numeric/context.js';
import { networkInput, networkOf, plantedTargets, ratio } from './linear-network-instances.js';
import { decided, show, tolerance, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

/**
 * Prop 2.6 beyond 2 variables: at the balanced minimum of L = |W2 W1 - M|_F^2/2 the Hessian has
 * top eigenvalue 2 sigma_1 (so eta_c = 1/sigma_1), its kernel is the tangent space of the manifold
 * of minima (dimension n - d0 d2), the reduced quartic coefficient on the normal space is
 * Q_perp(u) = -4 for every target, and L(w* + t u) = sigma_1 t^2 + sqrt(sigma_1/2) t^3 + t^4/8.
 * The line coefficients come twice: closed form and Taylor-mode jets of the loss's expression
 * tree. The mutant drops the coupling term <T, H^+ T>/2 (Q4/6 alone gives +1/2: the sign, and so
 * the side of the branch, would be wrong).
 */
function check(mutant: boolean) {
  return (input: TheoremInput, options: CheckOptions): Verdict => {
    const of = networkOf(input);
    if (of.kind !== 'network') return of;
    const ctx = numericContext(options.digits);
    const min = balancedMinimum(of.net, ctx);
    if (min.kind !== 'balanced') return { kind: 'undecided', reason: `no simple balanced minimum: ${min.reason}` };
    const r = normalReduction(of.net, min, ctx);
    const q = mutant ? r.quarticTerm : r.qPerp;
    const { D } = ctx;
    const residuals: Decimal[] = [
      r.sharpness.minus(r.sigma1.times(2)).abs(),
      q.plus(4).abs(),
      ...r.lineClosedForm.map((c, i) => c.minus(r.linePredicted[i]!).abs()),
      ...r.lineJets.map((c, i) => c.minus(r.linePredicted[i]!).abs()),
    ];
    const residual = D.max(...residuals);
    const tol = tolerance(ctx, r.scale);
    return decided(residual.lte(tol) && r.kernelDimension === r.manifoldDimension, residual, tol, evidence(r, q));
  };
}

function evidence(r: NormalReductionReport, q: Decimal): Record<string, string> {
  return {
    'sigma_1, eta_c = 1/sigma_1': `${show(r.sigma1)}, ${show(r.criticalEta)}`,
    'sharpness (2 sigma_1)': show(r.sharpness),
    'dim ker H, n - d0 d2': `${r.kernelDimension}, ${r.manifoldDimension}`,
    'Q_perp(u) (-4)': show(q, 15),
    'L(w*+tu) coefficients t^2..t^4, closed form': show(r.lineClosedForm),
    'same, by jets': show(r.lineJets),
  };
}

export const linearNetworkNormalReduction: Theorem = {
  id: 'linear-network-normal-reduction',
  title: 'Two-layer linear networks: at the balanced minimum eta_c = 1/sigma_1 and Q_perp(u) = -4 on the normal space',
  source: 'arXiv 2604.20446, Prop 2.6 (Morse-Bott minima); MATH.md §4, last item',
  statement:
    'L = \\tfrac12\\|W_2W_1 - M\\|_F^2,\\ w^* = (S^{1/2}V^\\top, US^{1/2}):\\quad \\lambda_{\\max}(H) = 2\\sigma_1,\\ \\dim\\ker H = n - d_0d_2,\\ Q_\\perp(u) = \\tfrac16 Q_4[u^4] - \\tfrac12\\langle T[u,u,\\cdot], H^{+}T[u,u,\\cdot]\\rangle = -4,\\ L(w^*+tu) = \\sigma_1t^2 + \\sqrt{\\sigma_1/2}\\,t^3 + \\tfrac18t^4.',
  hypotheses: [
    'sizes d0 -> d1 -> d2 with d1 >= rank M, so the loss reaches 0',
    'M has distinct nonzero singular values (the top eigenvalue 2 sigma_1 of H is simple)',
    'u the unit top eigenvector of H, oriented so the cubic coefficient is positive',
  ],
  method:
    'Computes the SVD of M (Jacobi on M^T M), builds the balanced minimum, the closed-form Hessian, third and fourth derivatives there (n parameters, no symbolic work), the eigen-decomposition of H (Jacobi) and H^+ on the normal space; compares the sharpness with 2 sigma_1, Q_perp(u) with -4, and the line coefficients (closed form, and Taylor-mode jets of the expression tree) with sigma_1, sqrt(sigma_1/2), 1/8; the kernel dimension must equal n - d0 d2 (the learning rate and point of the input are not used).',
  check: check(false),
  mutant: { description: 'Q_perp(u) = Q4[u,u,u,u]/6 without the coupling term <T, H^+ T>/2', check: check(true) },
  inputs: () => plantedTargets().map((p) => networkInput(p.sizes, p.target, '1', ['0'])),
  example: networkInput([2, 2, 2], [ratio(3n), ratio(0n), ratio(0n), ratio(1n)], '1', ['0']),
};
