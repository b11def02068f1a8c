"""The siting mixed-integer program: the balance's first stage plus one binary per site and size.

The network is the balance's (:class:`fruitmap.balance.lp.Network`) with the candidate sites
appended as facility nodes. The flow variables and rows follow
:func:`fruitmap.balance.lp.solve_network` (fresh sales ``f``, hauls to plants ``x`` and to cold
stores ``y``, releases sold fresh ``rf`` or processed ``rx``); only its first objective, the
tonnes used, is kept. A candidate's capacity rows get ``− capacity × z`` on the left and 0 on
the right, so a site not chosen takes nothing; ``Σ z ≤ N`` (or the cost of the chosen sizes
≤ the budget) and at most one size per site close the program. It is solved by HiGHS's
branch and bound with ``mip_rel_gap = 0`` (its default stops at 0.01 %), from a warm start.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
import pandas as pd
import scipy.sparse as sp

from fruitmap.balance.lp import MONTHS, Network
from fruitmap.errors import BalanceError


@dataclass
class Program:
    """The flow part of the program at stage 1 (most tonnes used).

    Attributes
    ----------
    A : csr_matrix
        Row × flow-variable coefficients (every row is ``≤ b``).
    b : ndarray
        Right-hand sides.
    used : ndarray
        1 for the flow variables that count as used (fresh, processed).
    plant_rows, store_rows : ndarray (nodes, 12)
        Row of each plant (store) node's capacity in a month, ``-1`` when there is none.
    """

    A: sp.csr_matrix
    b: np.ndarray
    used: np.ndarray
    plant_rows: np.ndarray
    store_rows: np.ndarray
    active: np.ndarray | None = None


def _arcs(pairs: tuple, inner_only: bool) -> tuple:
    i, j, km = pairs[:3]
    inner = pairs[3] if len(pairs) == 4 else np.ones(len(i), dtype=bool)
    if inner_only:
        return i[inner], j[inner], km[inner]
    return i, j, km


def build_program(net: Network, inner_only: bool = False) -> Program:
    """Build the stage-1 flow program of ``net`` (all arcs, or only those certainly in reach).

    Mirrors the variable and row layout of :func:`fruitmap.balance.lp.solve_network` so that
    its optimum equals the balance's used tonnes on the same network.
    """
    S, K, Q, F = net.S, net.K, net.Q, net.F
    crop = net.crop.astype("int64")
    n_nodes, n_crops, n_stores = S.shape[0], F.shape[0], Q.shape[0]
    has_s = S > 0

    f_i, f_m = np.nonzero(has_s & (F[crop] > 0))

    zi, zpp, zkm = _arcs(net.zp, inner_only)
    ok = net.acc_p[zpp, crop[zi]] if len(zi) else np.zeros(0, dtype=bool)
    zi, zpp, zkm = zi[ok], zpp[ok], zkm[ok]
    pair, x_m = np.nonzero(has_s[zi] & (K[zpp] > 0))
    x_i, x_p, x_km = zi[pair], zpp[pair], zkm[pair]

    m_next = (np.arange(MONTHS) + 1) % MONTHS
    useful = np.broadcast_to((F[:, m_next] > 0)[None, :, :], (n_stores, n_crops, MONTHS)).copy()
    si, spp, skm = _arcs(net.sp, inner_only)
    open_next = (K[spp] > 0)[:, m_next] if len(si) else np.zeros((0, MONTHS), dtype=bool)
    for c in range(n_crops):
        rows = net.acc_p[spp, c] if len(si) else np.zeros(0, dtype=bool)
        if rows.any():
            hit = np.zeros((n_stores, MONTHS), dtype="int64")
            np.add.at(hit, si[rows], open_next[rows].astype("int64"))
            useful[:, c, :] |= hit > 0

    yi, ys, ykm = _arcs(net.zs, inner_only)
    ok = (net.acc_s[ys, crop[yi]] & (Q[ys] > 0)) if len(yi) else np.zeros(0, dtype=bool)
    yi, ys, ykm = yi[ok], ys[ok], ykm[ok]
    pair, y_m = np.nonzero(has_s[yi] & useful[ys, crop[yi], :])
    y_i, y_s, y_km = yi[pair], ys[pair], ykm[pair]

    cls = np.full((n_stores, n_crops, MONTHS), -1, dtype="int64")
    key = (np.unique(np.column_stack([y_s, crop[y_i], m_next[y_m]]), axis=0) if len(y_i)
           else np.zeros((0, 3), dtype="int64"))
    k_s, k_c, k_m = key[:, 0], key[:, 1], key[:, 2]
    cls[k_s, k_c, k_m] = np.arange(len(key))
    y_k = cls[y_s, crop[y_i], m_next[y_m]]
    rf_k = np.nonzero(F[k_c, k_m] > 0)[0] if len(key) else np.zeros(0, dtype="int64")
    if len(key) and len(si):
        joined = pd.DataFrame({"k": np.arange(len(key)), "s": k_s}).merge(
            pd.DataFrame({"s": si, "p": spp, "km": skm}), on="s", how="inner")
        jk, jp = joined["k"].to_numpy(), joined["p"].to_numpy()
        keep = net.acc_p[jp, k_c[jk]] & (K[jp, k_m[jk]] > 0)
        rx_k, rx_p, rx_km = jk[keep], jp[keep], joined["km"].to_numpy()[keep]
    else:
        rx_k = rx_p = np.zeros(0, dtype="int64")
        rx_km = np.zeros(0)

    nf, nx, ny, nrf, nrx = len(f_i), len(x_i), len(y_i), len(rf_k), len(rx_k)
    off_x, off_y = nf, nf + nx
    off_rf, off_rx = off_y + ny, off_y + ny + nrf
    n_var = off_rx + nrx

    row_sup = np.full((n_nodes, MONTHS), -1, dtype="int64")
    si_idx, sm_idx = np.nonzero(has_s)
    row_sup[si_idx, sm_idx] = np.arange(len(si_idx))
    fresh_cm = np.full((n_crops, MONTHS), -1, dtype="int64")
    fc, fm = np.nonzero(F > 0)
    fresh_cm[fc, fm] = np.arange(len(fc))
    plant_pm = np.full(K.shape, -1, dtype="int64")
    pp_idx, pm_idx = np.nonzero(K > 0)
    plant_pm[pp_idx, pm_idx] = np.arange(len(pp_idx))
    store_sm = np.full((n_stores, MONTHS), -1, dtype="int64")
    used_sm = (np.unique(np.column_stack([y_s, y_m]), axis=0) if ny
               else np.zeros((0, 2), dtype="int64"))
    store_sm[used_sm[:, 0], used_sm[:, 1]] = np.arange(len(used_sm))
    o_rel = len(si_idx)
    o_fresh = o_rel + len(key)
    o_plant = o_fresh + len(fc)
    o_store = o_plant + len(pp_idx)
    n_rows = o_store + len(used_sm)

    var_f = np.arange(nf)
    var_x = off_x + np.arange(nx)
    var_y = off_y + np.arange(ny)
    var_rf = off_rf + np.arange(nrf)
    var_rx = off_rx + np.arange(nrx)
    rows = np.concatenate([
        row_sup[f_i, f_m], o_fresh + fresh_cm[crop[f_i], f_m],
        row_sup[x_i, x_m], o_plant + plant_pm[x_p, x_m],
        row_sup[y_i, y_m], o_rel + y_k, o_store + store_sm[y_s, y_m],
        o_rel + rf_k, o_fresh + fresh_cm[k_c[rf_k], k_m[rf_k]],
        o_rel + rx_k, o_plant + plant_pm[rx_p, k_m[rx_k]],
    ]).astype("int64")
    cols = np.concatenate([var_f, var_f, var_x, var_x, var_y, var_y, var_y,
                           var_rf, var_rf, var_rx, var_rx]).astype("int64")
    vals = np.concatenate([np.ones(2 * nf), np.ones(2 * nx), np.ones(ny), -np.ones(ny),
                           np.ones(ny), np.ones(2 * nrf), np.ones(2 * nrx)])
    b = np.concatenate([S[si_idx, sm_idx], np.zeros(len(key)), F[fc, fm], K[pp_idx, pm_idx],
                        Q[used_sm[:, 0]] if len(used_sm) else np.zeros(0)])
    A = sp.csr_matrix((vals, (rows, cols)), shape=(n_rows, n_var))
    used = np.zeros(n_var)
    used[:off_y] = 1.0
    used[off_rf:] = 1.0
    plant_rows = np.where(plant_pm >= 0, o_plant + plant_pm, -1)
    store_rows = np.where(store_sm >= 0, o_store + store_sm, -1)
    # The columns a column-generation solve starts from: the balance's rule (fresh sales and
    # the few nearest facilities of each origin and month).
    from fruitmap.balance.lp import _nearest

    active = np.concatenate([
        np.ones(nf, dtype=bool), _nearest(x_i * MONTHS + x_m, x_km, 4),
        _nearest(y_i * MONTHS + y_m, y_km, 2), np.ones(nrf, dtype=bool),
        _nearest(rx_k, rx_km, 4)])
    return Program(A, b, used, plant_rows, store_rows, active)


@dataclass
class MipSolution:
    """What the branch and bound found.

    Attributes
    ----------
    chosen : list of (int, int)
        ``(site, option)`` pairs chosen (site index into the candidates, option index into
        the capacity options).
    used_t : float
        Tonnes used by the best set found (the objective).
    bound_t : float
        HiGHS's proven upper bound on the tonnes used.
    gap : float
        Relative optimality gap ``(bound − used) / bound`` (0 when proven optimal).
    status : str
        HiGHS's model status in words.
    n_variables, n_rows, nodes : int
        Size of the program and branch-and-bound nodes explored.
    """

    chosen: list
    used_t: float
    bound_t: float
    gap: float
    status: str
    n_variables: int
    n_rows: int
    nodes: int


class SitingMip:
    """The siting program for one network; solved again for each N (warm-started).

    Parameters
    ----------
    net : Network
        The balance network with the candidate nodes appended.
    site_nodes : ndarray of int
        The node index (plant node or store node, per ``kind``) of each candidate site.
    kind : {"plant", "cold_store"}
    option_caps : ndarray (n_options,)
        Monthly capacity of each size option (t in a month: ``t/day × days`` for a plant,
        ``capacity_t`` for a cold store).
    option_costs : ndarray (n_options,), optional
        Cost of each size, for a budget instead of a count.
    inner_only : bool
        Use only the arcs certainly in reach (a set whose tonnes every member can follow).
    """

    def __init__(self, net: Network, site_nodes: np.ndarray, kind: str, option_caps: np.ndarray,
                 option_costs: np.ndarray | None = None, inner_only: bool = False) -> None:
        prog = build_program(net, inner_only)
        self.n_sites = len(site_nodes)
        self.n_opt = len(option_caps)
        n_flow = prog.A.shape[1]
        cap_rows = prog.plant_rows if kind == "plant" else prog.store_rows
        b = prog.b.copy()
        # Linking: capacity row of site j in month m: flows − Σ_o cap_o z[j, o] ≤ 0.
        r_list, c_list, v_list = [], [], []
        for o, cap in enumerate(option_caps):
            rows = cap_rows[site_nodes]                       # (sites, 12)
            j, m = np.nonzero(rows >= 0)
            r_list.append(rows[j, m])
            c_list.append(n_flow + j * self.n_opt + o)
            v_list.append(np.full(len(j), -float(cap)))
        site_rows = cap_rows[site_nodes]
        b[site_rows[site_rows >= 0]] = 0.0
        n_z = self.n_sites * self.n_opt
        link = sp.csr_matrix((np.concatenate(v_list), (np.concatenate(r_list),
                                                         np.concatenate(c_list))),
                             shape=(prog.A.shape[0], n_flow + n_z))
        A = sp.hstack([prog.A, sp.csr_matrix((prog.A.shape[0], n_z))]).tocsr() + link
        # One size per site at most; the count (or budget) row is last.
        one = sp.csr_matrix((np.ones(n_z), (np.repeat(np.arange(self.n_sites), self.n_opt),
                                             n_flow + np.arange(n_z))),
                            shape=(self.n_sites, n_flow + n_z))
        weights = (np.tile(np.asarray(option_costs, dtype="float64"), self.n_sites)
                   if option_costs is not None else np.ones(n_z))
        last = sp.csr_matrix((weights, (np.zeros(n_z, dtype="int64"), n_flow + np.arange(n_z))),
                             shape=(1, n_flow + n_z))
        A = sp.vstack([A, one, last]).tocsc()
        self.A = A
        self._relax = None
        self._active = prog.active
        self.b = np.concatenate([b, np.ones(self.n_sites), [0.0]])
        self.n_flow = n_flow
        self.used = np.concatenate([prog.used, np.zeros(n_z)])
        self.n_rows, self.n_cols = A.shape
        self.z_cols = n_flow + np.arange(n_z)

        self._mip = None

    @property
    def h(self) -> highspy.Highs:
        """The HiGHS MIP model (built on first use: most solves end at the relaxation)."""
        if self._mip is None:
            A = self.A
            h = highspy.Highs()
            h.setOptionValue("output_flag", False)
            h.setOptionValue("mip_rel_gap", 0.0)
            h.setOptionValue("mip_abs_gap", 1e-6)
            lp = highspy.HighsLp()
            lp.num_col_, lp.num_row_ = self.n_cols, self.n_rows
            lp.col_cost_ = -self.used
            lp.col_lower_ = np.zeros(self.n_cols)
            upper = np.full(self.n_cols, highspy.kHighsInf)
            upper[self.z_cols] = 1.0
            lp.col_upper_ = upper
            lp.row_lower_ = np.full(self.n_rows, -highspy.kHighsInf)
            lp.row_upper_ = self.b
            lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
            lp.a_matrix_.start_ = A.indptr
            lp.a_matrix_.index_ = A.indices
            lp.a_matrix_.value_ = A.data
            integrality = np.zeros(self.n_cols, dtype=np.int32)
            integrality[self.z_cols] = 1
            lp.integrality_ = [highspy.HighsVarType(int(v)) for v in integrality]
            h.passModel(lp)
            self._mip = h
        return self._mip

    def _relaxed(self):
        """The LP relaxation solved by column generation (the balance's own solver class):
        every ``z ≤ 1`` is implied by the one-size-per-site rows, so the program fits it."""
        if self._relax is None:
            from fruitmap.balance.lp import _Program

            active = np.zeros(self.n_cols, dtype=bool)
            active[:self.n_flow] = self._active
            active[self.z_cols] = True
            prog = _Program(self.A, self.b, active)
            self._relax = prog
        return self._relax

    def _z_bounds(self, prog, lower: np.ndarray, upper: np.ndarray) -> None:
        pos = np.full(self.n_cols, -1, dtype=np.int64)
        pos[prog.cols] = np.arange(len(prog.cols))
        idx = pos[self.z_cols].astype(np.int32)
        prog.h.changeColsBounds(len(idx), idx, lower.astype("float64"),
                                upper.astype("float64"))

    def relaxation(self, limit: float) -> tuple[float, np.ndarray]:
        """The LP relaxation with ``Σ z ≤ limit``: its optimum (an upper bound on the tonnes
        used by any set) and the z values, shape (sites, options)."""
        prog = self._relaxed()
        self._z_bounds(prog, np.zeros(len(self.z_cols)),
                       np.full(len(self.z_cols), highspy.kHighsInf))
        prog.h.changeRowBounds(self.n_rows - 1, -highspy.kHighsInf, float(limit))
        sol = prog.minimise(-self.used, "siting-relaxation")
        return float(self.used @ sol), sol[self.z_cols].reshape(self.n_sites, self.n_opt)

    def evaluate(self, chosen: list) -> float:
        """Tonnes used with exactly the ``(site, option)`` pairs of ``chosen`` built."""
        prog = self._relaxed()
        fixed = np.zeros(len(self.z_cols))
        for s, o in chosen:
            fixed[s * self.n_opt + o] = 1.0
        self._z_bounds(prog, fixed, fixed)
        prog.h.changeRowBounds(self.n_rows - 1, -highspy.kHighsInf, highspy.kHighsInf)
        sol = prog.minimise(-self.used, "siting-evaluate")
        return float(self.used @ sol)

    def solve(self, limit: float, start: list | None = None,
              time_limit_s: float = 600.0) -> MipSolution:
        """Solve with at most ``limit`` sites (or cost ≤ ``limit``), from the ``start`` set
        of ``(site, option)`` pairs when given (a warm start HiGHS completes itself)."""
        self.h.changeRowBounds(self.n_rows - 1, -highspy.kHighsInf, float(limit))
        self.h.setOptionValue("time_limit", float(time_limit_s))
        if start:
            idx = np.array([self.n_flow + s * self.n_opt + o for s, o in start], dtype=np.int32)
            zero = np.setdiff1d(self.z_cols, idx).astype(np.int32)
            index = np.concatenate([idx, zero]).astype(np.int32)
            value = np.concatenate([np.ones(len(idx)), np.zeros(len(zero))])
            self.h.setSolution(len(index), index, value)
        self.h.run()
        status = self.h.getModelStatus()
        info = self.h.getInfo()
        if status not in (highspy.HighsModelStatus.kOptimal,
                          highspy.HighsModelStatus.kTimeLimit,
                          highspy.HighsModelStatus.kInterrupt) or info.primal_solution_status < 2:
            raise BalanceError("balance_solver", stage="siting",
                               reason=self.h.modelStatusToString(status))
        col = np.asarray(self.h.getSolution().col_value, dtype="float64")
        z = col[self.z_cols].reshape(self.n_sites, self.n_opt)
        chosen = [(int(s), int(o)) for s, o in zip(*np.nonzero(z > 0.5), strict=True)]
        used = float(self.used @ col)
        bound = float(-info.mip_dual_bound)
        bound = max(bound, used)
        gap = (bound - used) / bound if bound > 0 else 0.0
        if status == highspy.HighsModelStatus.kOptimal:
            gap = max(0.0, float(info.mip_gap)) if info.mip_gap == info.mip_gap else 0.0
        return MipSolution(chosen, used, bound, gap, self.h.modelStatusToString(status),
                           self.n_cols, self.n_rows, int(info.mip_node_count))
