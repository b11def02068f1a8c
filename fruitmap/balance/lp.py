"""The linear program of the supply–capacity balance, solved in three lexicographic stages.

Nodes (built by :mod:`fruitmap.balance.solve`): supply nodes ``i`` (one crop each, monthly supply
``S[i, m]``), plants ``p`` (monthly capacity ``K[p, m]`` shared by the crops they accept),
cold stores ``s`` (monthly intake capacity ``Q[s]``) and the fresh market (``F[c, m]`` per crop
and month). See ``docs/balance.md`` for the formulation; the variables are

* ``f[i, m]``   tonnes of node ``i`` sold fresh in month ``m``;
* ``x[i, p, m]`` tonnes sent to plant ``p`` in reach (accepting the crop, open in ``m``);
* ``y[i, s, m]`` tonnes sent to cold store ``s`` in reach (accepting the crop);
* ``rf[s, c, m']`` released tonnes of crop ``c`` sold fresh in ``m' = m + 1`` (Dec → Jan);
* ``rx[s, p, c, m']`` released tonnes processed at plant ``p`` in reach of the store.

Stage 1 maximises the tonnes used (fresh + processed, harvest and released); stage 2
minimises the tonnes stored while keeping stage 1's optimum; stage 3 minimises the haul in
tonne-kilometres while keeping both. Stage 4 breaks the ties that remain: among the
allocations optimal for stages 1–3 it takes the one of least total *preference weight*, a
fixed weight per variable computed from the ids of its origin and destination, its crop
and month (:func:`tie_weights`). Those weights are generic, so that allocation is unique:
it depends on the data only, not on the order of the rows or on the solver's path. The
matrices are built with numpy and scipy.sparse, without Python loops over arcs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import highspy
import numpy as np
import pandas as pd
import scipy.sparse as sp

from fruitmap.errors import BalanceError
from fruitmap.progress import Progress, report_step

MONTHS = 12


@dataclass
class Network:
    """The inputs of the program, at node level.

    Attributes
    ----------
    S : ndarray (N, 12)
        Monthly supply of each supply node (t).
    crop : ndarray (N,)
        Crop index of each supply node (into the columns of ``acc_p``/``acc_s``/rows of ``F``).
    K : ndarray (P, 12)
        Monthly processing capacity of each plant node (t), 0 when closed or not counted.
    acc_p : ndarray (P, C) of bool
        Whether a plant node accepts a crop.
    Q : ndarray (T,)
        Monthly intake capacity of each cold-store node (t), 0 when not counted.
    acc_s : ndarray (T, C) of bool
        Whether a cold-store node accepts a crop.
    F : ndarray (C, 12)
        Fresh-market capacity per crop and month (t).
    zp, zs, sp : tuple of ndarray
        Pairs that may be in reach (``(from, to, road_km, inner)``): supply→plant,
        supply→store, store→plant. ``inner`` is True where the pair is certainly in reach;
        with single zones and facilities as nodes every pair is. With aggregated nodes, a
        pair may be in reach for some members and not for others: the program is then
        solved on the ``inner`` arcs (an allocation every member can follow, so its used
        tonnes are a lower bound of the exact optimum) and once more on all arcs (a
        relaxation: an upper bound), see :func:`solve_network`.
    zkey, pkey, skey : ndarray of uint64, optional
        A key per supply, plant and store node computed from the ids of its members (see
        :func:`id_keys`); the tie-break weights of stage 4 are derived from them, so that a
        node keeps its weights when other rows are added, removed or reordered. Missing (or
        of the wrong length, e.g. after nodes were appended) → keys from the node's index.
    """

    S: np.ndarray
    crop: np.ndarray
    K: np.ndarray
    acc_p: np.ndarray
    Q: np.ndarray
    acc_s: np.ndarray
    F: np.ndarray
    zp: tuple
    zs: tuple
    sp: tuple
    zkey: np.ndarray | None = None
    pkey: np.ndarray | None = None
    skey: np.ndarray | None = None


@dataclass
class Solution:
    """Optimal flows at node level (arrays aligned with the variable index arrays)."""

    f_i: np.ndarray
    f_m: np.ndarray
    f: np.ndarray
    x_i: np.ndarray
    x_p: np.ndarray
    x_m: np.ndarray
    x_km: np.ndarray
    x: np.ndarray
    y_i: np.ndarray
    y_s: np.ndarray
    y_m: np.ndarray
    y_km: np.ndarray
    y_k: np.ndarray
    y: np.ndarray
    k_s: np.ndarray
    k_c: np.ndarray
    k_m: np.ndarray
    rf: np.ndarray
    rx_k: np.ndarray
    rx_p: np.ndarray
    rx_km: np.ndarray
    rx: np.ndarray
    used_t: float
    stored_t: float
    haul_tkm: float
    n_variables: int
    n_rows: int
    n_generated: int = 0
    pricing_rounds: int = 0
    used_outer_t: float = float("nan")
    tie_break: bool = False
    stage_s: dict = field(default_factory=dict)


class _Program:
    """One HiGHS model kept across the stages, solved by column generation.

    The model starts with the cheap columns only (fresh sales and, for every origin and month,
    the few nearest facilities; see :func:`_nearest`). After each solve the reduced cost of
    every column left out is computed from the row duals in one sparse product; the columns
    that could improve the objective are added and the model is solved again from its
    current basis (a warm start), until none is left: the result is then optimal for the
    full program. Each stage also starts from the optimal basis of the one before.
    """

    def __init__(self, A: sp.csr_matrix, b: np.ndarray, active: np.ndarray,
                 allowed: np.ndarray | None = None) -> None:
        self.A = sp.csc_matrix(A)
        self.AT = sp.csr_matrix(self.A.T)
        n_row, n_col = self.A.shape
        self.n = n_col
        # Columns that may enter the model (all but the arcs not certainly in reach while
        # the inner network is solved).
        self.allowed = np.ones(n_col, dtype=bool) if allowed is None else allowed.copy()
        self.cols = np.flatnonzero(active & self.allowed).astype(np.int64)  # model column k = full column
        self.in_model = np.zeros(n_col, dtype=bool)
        self.in_model[self.cols] = True
        sub = self.A[:, self.cols]
        self.h = highspy.Highs()
        self.h.setOptionValue("output_flag", False)
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = len(self.cols), n_row
        lp.col_cost_ = np.zeros(len(self.cols))
        lp.col_lower_ = np.zeros(len(self.cols))
        lp.col_upper_ = np.full(len(self.cols), highspy.kHighsInf)
        lp.row_lower_ = np.full(n_row, -highspy.kHighsInf)
        lp.row_upper_ = np.asarray(b, dtype="float64")
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = sub.indptr
        lp.a_matrix_.index_ = sub.indices
        lp.a_matrix_.value_ = sub.data
        self.h.passModel(lp)
        self.rounds = 0
        self.b = np.asarray(b, dtype="float64")
        self.duals = np.zeros(n_row)
        self._face: tuple | None = None
        self.seconds: dict[str, float] = {}

    def _run(self, stage: str) -> None:
        self.h.run()
        status = self.h.getModelStatus()
        # A model with no column yet (nothing certainly in reach) is "empty": its optimum is
        # 0 and every dual is 0; pricing then adds the columns that can improve on it.
        if status not in (highspy.HighsModelStatus.kOptimal,
                          highspy.HighsModelStatus.kModelEmpty):
            raise BalanceError("balance_solver", stage=stage,
                               reason=self.h.modelStatusToString(status))

    def minimise(self, cost: np.ndarray, stage: str, all_columns: bool = False) -> np.ndarray:
        t0 = time.perf_counter()
        if all_columns:
            self.allowed[:] = True
        cost = np.asarray(cost, dtype="float64")
        k = len(self.cols)
        self.h.changeColsCost(k, np.arange(k, dtype=np.int32), cost[self.cols])
        tol = 1e-9 * float(np.abs(cost).max(initial=1.0)) + 1e-7
        for _ in range(200):
            self._run(stage)
            duals = np.asarray(self.h.getSolution().row_dual, dtype="float64")
            if len(duals) != self.A.shape[0]:
                duals = np.zeros(self.A.shape[0])
            reduced = cost - self.AT @ duals
            enter = np.flatnonzero(~self.in_model & self.allowed & (reduced < -tol))
            if len(enter) == 0:
                self.duals = duals
                break
            self.rounds += 1
            sub = self.A[:, enter]
            self.h.addCols(len(enter), cost[enter], np.zeros(len(enter)),
                           np.full(len(enter), highspy.kHighsInf), sub.nnz,
                           sub.indptr[:-1].astype(np.int32), sub.indices.astype(np.int32),
                           sub.data.astype("float64"))
            self.cols = np.concatenate([self.cols, enter])
            self.in_model[enter] = True
        else:
            raise BalanceError("balance_solver", stage=stage, reason="column generation")
        sol = np.zeros(self.n)
        if len(self.cols):
            sol[self.cols] = np.asarray(self.h.getSolution().col_value, dtype="float64")
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - t0
        return sol

    def restrict_to_optimal_face(self, cost: np.ndarray, tol: float) -> None:
        """Keep only the allocations optimal for ``cost`` (the objective just minimised).

        By complementary slackness, with the optimal duals ``y`` of the last solve, a
        feasible ``x`` is optimal for ``cost`` exactly when ``x_j = 0`` wherever the reduced
        cost ``c_j − (Aᵀy)_j`` is positive and every row with ``y_i ≠ 0`` is tight. So the
        optimal face is fixed by bounds alone (no dense objective row, which would slow every
        later solve): such columns get an upper bound of 0 (or may not enter the model), such
        rows a lower bound equal to their upper one. ``tol`` separates "positive" from the
        solver's rounding. :meth:`release_face` undoes it.
        """
        cost = np.asarray(cost, dtype="float64")
        reduced = cost - self.AT @ self.duals
        out = reduced > tol
        fixed = np.flatnonzero(out[self.cols]).astype(np.int32)
        zeros = np.zeros(len(fixed))
        self.h.changeColsBounds(len(fixed), fixed, zeros, zeros)
        tight = np.flatnonzero(np.abs(self.duals) > tol).astype(np.int32)
        self.h.changeRowsBounds(len(tight), tight, self.b[tight], self.b[tight])
        self._face = (fixed, tight, self.allowed.copy())
        self.allowed &= ~out

    def release_face(self) -> None:
        """Undo :meth:`restrict_to_optimal_face`."""
        if self._face is None:
            return
        fixed, tight, allowed = self._face
        self.h.changeColsBounds(len(fixed), fixed, np.zeros(len(fixed)),
                                np.full(len(fixed), highspy.kHighsInf))
        self.h.changeRowsBounds(len(tight), tight, np.full(len(tight), -highspy.kHighsInf),
                                self.b[tight])
        self.allowed = allowed
        self._face = None


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _splitmix(z: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser, element-wise on uint64 (wrapping arithmetic is intended)."""
    z = np.asarray(z, dtype=np.uint64) + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def id_keys(ids: np.ndarray, node: np.ndarray | None = None, n: int | None = None) -> np.ndarray:
    """A 64-bit key per node from the ids of its members.

    Parameters
    ----------
    ids : ndarray of str
        Ids of the members (zone, plant or store ids).
    node : ndarray of int, optional
        Node of each member (aggregated mode); ``None``: one node per member.
    n : int, optional
        Number of nodes (with ``node``).

    Returns
    -------
    ndarray of uint64
        The hash of the id (pandas' fixed-key hash, the same in every run and on every
        machine); for an aggregated node the smallest hash of its members.
    """
    h = pd.util.hash_array(np.asarray(ids, dtype=object).astype(str)).astype(np.uint64)
    if node is None:
        return h
    out = np.full(int(n or 0), np.iinfo(np.uint64).max, dtype=np.uint64)
    np.minimum.at(out, node, h)
    return out


def _keys(key: np.ndarray | None, n: int, salt: int) -> np.ndarray:
    if key is not None and len(key) == n:
        return np.asarray(key, dtype=np.uint64)
    k = _splitmix(np.arange(n, dtype=np.uint64) + np.uint64(salt << 40))
    if key is not None and 0 < len(key) < n:
        # Nodes appended after the keyed ones (candidate sites) keep the keys given.
        k[:len(key)] = np.asarray(key, dtype=np.uint64)
    return k


def tie_weights(kind: int, *parts: np.ndarray) -> np.ndarray:
    """Preference weights in [1, 1000) of the variables of one kind, from their parts.

    ``parts`` are uint64 keys or small integers (node keys, crop, month); the same parts give
    the same weight in every run. The weights are spread wide (three decades) so that two
    different allocations almost never differ in total weight by less than the solver's
    tolerance.
    """
    h = _splitmix(np.full(len(parts[0]), kind, dtype=np.uint64) * _GOLDEN)
    for part in parts:
        h = _splitmix(h ^ np.asarray(part).astype(np.uint64))
    return 1.0 + 999.0 * ((h >> np.uint64(11)).astype("float64") * 2.0 ** -53)


def _arcs(pairs: tuple) -> tuple:
    """``(from, to, road_km, inner)`` of a pair list (``inner`` all True when not given)."""
    if len(pairs) == 4:
        return pairs
    i, j, km = pairs
    return i, j, km, np.ones(len(i), dtype=bool)


def _nearest(group: np.ndarray, km: np.ndarray, k: int) -> np.ndarray:
    """Mask of the ``k`` shortest arcs of each group (ties broken by position)."""
    if len(group) == 0:
        return np.zeros(0, dtype=bool)
    order = np.lexsort((km, group))
    g = group[order]
    first = np.r_[0, np.flatnonzero(g[1:] != g[:-1]) + 1]
    rank = np.arange(len(g)) - np.repeat(first, np.diff(np.r_[first, len(g)]))
    mask = np.zeros(len(group), dtype=bool)
    mask[order[rank < k]] = True
    return mask


def solve_network(net: Network, progress: Progress | None = None) -> Solution:
    """Build and solve the four-stage program for ``net`` (three objectives, then the ties).

    ``progress(fraction, key)`` (optional, :mod:`fruitmap.progress`) is told when each stage
    starts: ``progress.balance.solve``, ``.store``, ``.haul``.

    Raises
    ------
    BalanceError
        When the solver does not reach an optimum (it should not: the program is always
        feasible, since leaving fruit unused is allowed).
    """
    S, K, Q, F = net.S, net.K, net.Q, net.F
    crop = net.crop.astype("int64")
    n_nodes = S.shape[0]
    n_crops = F.shape[0]
    n_stores = Q.shape[0]
    has_s = S > 0

    # --- fresh sales f[i, m]
    f_mask = has_s & (F[crop] > 0)
    f_i, f_m = np.nonzero(f_mask)

    # --- supply → plant
    zi, zpp, zkm, zin = _arcs(net.zp)
    ok = net.acc_p[zpp, crop[zi]] if len(zi) else np.zeros(0, dtype=bool)
    zi, zpp, zkm, zin = zi[ok], zpp[ok], zkm[ok], zin[ok]
    pair, x_m = np.nonzero(has_s[zi] & (K[zpp] > 0))
    x_i, x_p, x_km, x_in = zi[pair], zpp[pair], zkm[pair], zin[pair]

    # --- which store intakes could be used next month (fresh market or a plant in reach)
    m_next = (np.arange(MONTHS) + 1) % MONTHS
    useful = np.broadcast_to((F[:, m_next] > 0)[None, :, :], (n_stores, n_crops, MONTHS)).copy()
    si, spp, skm, sin_ = _arcs(net.sp)
    open_next = (K[spp] > 0)[:, m_next] if len(si) else np.zeros((0, MONTHS), dtype=bool)
    for c in range(n_crops):
        rows = net.acc_p[spp, c] if len(si) else np.zeros(0, dtype=bool)
        if rows.any():
            hit = np.zeros((n_stores, MONTHS), dtype="int64")
            np.add.at(hit, si[rows], open_next[rows].astype("int64"))
            useful[:, c, :] |= hit > 0

    # --- supply → store
    yi, ys, ykm, yin = _arcs(net.zs)
    ok = (net.acc_s[ys, crop[yi]] & (Q[ys] > 0)) if len(yi) else np.zeros(0, dtype=bool)
    yi, ys, ykm, yin = yi[ok], ys[ok], ykm[ok], yin[ok]
    pair, y_m = np.nonzero(has_s[yi] & useful[ys, crop[yi], :])
    y_i, y_s, y_km, y_in = yi[pair], ys[pair], ykm[pair], yin[pair]

    # --- release classes (store, crop, release month)
    cls = np.full((n_stores, n_crops, MONTHS), -1, dtype="int64")
    if len(y_i):
        key = np.unique(np.column_stack([y_s, crop[y_i], m_next[y_m]]), axis=0)
    else:
        key = np.zeros((0, 3), dtype="int64")
    k_s, k_c, k_m = key[:, 0], key[:, 1], key[:, 2]
    cls[k_s, k_c, k_m] = np.arange(len(key))
    y_k = cls[y_s, crop[y_i], m_next[y_m]]
    rf_mask = F[k_c, k_m] > 0 if len(key) else np.zeros(0, dtype=bool)
    rf_k = np.nonzero(rf_mask)[0]

    # release → plant in reach of the store, accepting the crop, open that month
    if len(key) and len(si):
        kdf = pd.DataFrame({"k": np.arange(len(key)), "s": k_s})
        pdf = pd.DataFrame({"s": si, "p": spp, "km": skm, "inner": sin_})
        joined = kdf.merge(pdf, on="s", how="inner")
        jk = joined["k"].to_numpy()
        jp = joined["p"].to_numpy()
        keep = net.acc_p[jp, k_c[jk]] & (K[jp, k_m[jk]] > 0)
        rx_k, rx_p, rx_km = jk[keep], jp[keep], joined["km"].to_numpy()[keep]
        rx_in = joined["inner"].to_numpy(dtype=bool)[keep]
    else:
        rx_k = rx_p = np.zeros(0, dtype="int64")
        rx_km = np.zeros(0)
        rx_in = np.zeros(0, dtype=bool)

    # --- variable layout [f | x | y | rf | rx]
    nf, nx, ny, nrf, nrx = len(f_i), len(x_i), len(y_i), len(rf_k), len(rx_k)
    n_var = nf + nx + ny + nrf + nrx
    off_x, off_y = nf, nf + nx
    off_rf, off_rx = off_y + ny, off_y + ny + nrf

    # --- rows
    row_sup = np.full((n_nodes, MONTHS), -1, dtype="int64")
    si_idx, sm_idx = np.nonzero(has_s)
    row_sup[si_idx, sm_idx] = np.arange(len(si_idx))
    n_sup = len(si_idx)
    n_rel = len(key)
    fresh_cm = np.full((n_crops, MONTHS), -1, dtype="int64")
    fc, fm = np.nonzero(F > 0)
    fresh_cm[fc, fm] = np.arange(len(fc))
    n_fresh = len(fc)
    plant_pm = np.full(K.shape, -1, dtype="int64")
    pp_idx, pm_idx = np.nonzero(K > 0)
    plant_pm[pp_idx, pm_idx] = np.arange(len(pp_idx))
    n_plant = len(pp_idx)
    store_sm = np.full((n_stores, MONTHS), -1, dtype="int64")
    if ny:
        used_sm = np.unique(np.column_stack([y_s, y_m]), axis=0)
        store_sm[used_sm[:, 0], used_sm[:, 1]] = np.arange(len(used_sm))
        n_store = len(used_sm)
    else:
        used_sm = np.zeros((0, 2), dtype="int64")
        n_store = 0
    o_rel = n_sup
    o_fresh = o_rel + n_rel
    o_plant = o_fresh + n_fresh
    o_store = o_plant + n_plant
    n_rows = o_store + n_store

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
    ])
    cols = np.concatenate([var_f, var_f, var_x, var_x, var_y, var_y, var_y,
                           var_rf, var_rf, var_rx, var_rx])
    vals = np.concatenate([np.ones(2 * nf), np.ones(2 * nx), np.ones(ny), -np.ones(ny),
                           np.ones(ny), np.ones(2 * nrf), np.ones(2 * nrx)])
    b = np.concatenate([S[si_idx, sm_idx], np.zeros(n_rel), F[fc, fm], K[pp_idx, pm_idx],
                        Q[used_sm[:, 0]] if n_store else np.zeros(0)])

    empty = Solution(
        f_i, f_m, np.zeros(nf), x_i, x_p, x_m, x_km, np.zeros(nx), y_i, y_s, y_m, y_km, y_k,
        np.zeros(ny), k_s, k_c, k_m, np.zeros(len(key)), rx_k, rx_p, rx_km, np.zeros(nrx),
        0.0, 0.0, 0.0, n_var, n_rows, used_outer_t=0.0)
    if n_var == 0:
        return empty
    A = sp.csr_matrix((vals, (rows, cols)), shape=(n_rows, n_var))

    used = np.zeros(n_var)
    used[:nf] = 1.0
    used[off_x:off_y] = 1.0
    used[off_rf:] = 1.0
    stored = np.zeros(n_var)
    stored[off_y:off_rf] = 1.0
    haul = np.concatenate([np.zeros(nf), x_km, y_km, np.zeros(nrf), rx_km])

    active = np.concatenate([
        np.ones(nf, dtype=bool),
        _nearest(x_i * MONTHS + x_m, x_km, 4),
        _nearest(y_i * MONTHS + y_m, y_km, 2),
        np.ones(nrf, dtype=bool),
        _nearest(rx_k, rx_km, 4),
    ])
    allowed = np.concatenate([np.ones(nf, dtype=bool), x_in, y_in, np.ones(nrf, dtype=bool),
                              rx_in])
    zk = _keys(net.zkey, n_nodes, 1)
    pk = _keys(net.pkey, K.shape[0], 2)
    sk = _keys(net.skey, n_stores, 3)
    ties = np.concatenate([
        tie_weights(1, zk[f_i], f_m),
        tie_weights(2, zk[x_i], pk[x_p], x_m),
        tie_weights(3, zk[y_i], sk[y_s], y_m),
        tie_weights(4, sk[k_s[rf_k]], k_c[rf_k], k_m[rf_k]),
        tie_weights(5, sk[k_s[rx_k]], pk[rx_p], k_c[rx_k], k_m[rx_k]),
    ])
    prog = _Program(A, b, active, allowed)
    w_haul = 10.0 * (2.0 * float(haul.max()) + 1.0) if haul.any() else 1.0
    # A first solve of the weighted objective of stage 3 costs fewer iterations than stage 1
    # from scratch (its costs tell the tonnes apart) and is usually already optimal for
    # every stage: the exact stages below then start from its basis and stop at once.
    report_step(progress, 0.0, "progress.balance.solve")
    prog.minimise(w_haul * (-10.0 * used + stored) + haul, "0")
    # Stage 1: most tonnes used.
    sol = prog.minimise(-used, "1")
    report_step(progress, 0.6, "progress.balance.store")
    last = -used  # the objective whose optimal basis the model holds
    best_used = float(used @ sol)
    tol_u = 1e-7 * max(1.0, best_used) + 1e-6
    # Stages 2 and 3 minimise a weighted objective from the optimal basis of the stage
    # before, and then check that the earlier optima are kept: a solution that keeps them
    # and minimises the weighted sum is lexicographically optimal (any allocation with the
    # same used tonnes and less storage would have a smaller weighted sum). When the check
    # fails the weights grow and the stage is solved again. No dense objective row is
    # added, which keeps each solve fast.
    w_used = 10.0
    best_stored = float(stored @ sol)
    if ny:
        for _ in range(6):
            sol = prog.minimise(-w_used * used + stored, "2")
            if used @ sol >= best_used - tol_u:
                last = -w_used * used + stored
                break
            w_used *= 100.0
        else:
            raise BalanceError("balance_solver", stage="2", reason="weights")
        best_stored = float(stored @ sol)
    tol_s = 1e-7 * max(1.0, best_stored) + 1e-6
    report_step(progress, 0.8, "progress.balance.haul")
    if haul.any():
        w_stage = w_haul
        last = None  # unless stage 3 succeeds, the model holds a basis that was refused
        for _ in range(6):
            cost3 = w_stage * (-w_used * used + stored) + haul
            sol3 = prog.minimise(cost3, "3")
            if used @ sol3 >= best_used - tol_u and stored @ sol3 <= best_stored + tol_s:
                sol, last = sol3, cost3
                break
            w_stage *= 100.0
    # Stage 4: the ties left. Fix the optimal face of the last objective (bounds only), then
    # take the allocation of least preference weight on it. Checked like the stages before;
    # if the check fails (it should not), stage 3's allocation stands.
    best_haul = float(haul @ sol)
    tol_h = 1e-6 * max(1.0, best_haul) + 1e-3
    tie_break = False
    if last is not None:
        prog.restrict_to_optimal_face(last, 1e-10 * float(np.abs(last).max(initial=1.0))
                                      + 1e-7)
        try:
            sol4 = prog.minimise(ties, "4")
        except BalanceError:
            # The face as fixed from rounded duals may be empty for the solver: keep
            # stage 3's allocation rather than fail the balance.
            sol4 = None
        prog.release_face()
        if sol4 is not None and (used @ sol4 >= best_used - tol_u
                                 and stored @ sol4 <= best_stored + tol_s
                                 and haul @ sol4 <= best_haul + tol_h):
            sol, tie_break = sol4, True
    sol = np.maximum(sol, 0.0)
    used_outer = float(used @ sol)
    if not allowed.all():
        # The relaxation: every arc that may be in reach, from the inner optimum's basis.
        used_outer = max(float(used @ prog.minimise(-used, "outer", all_columns=True)),
                         used_outer)

    y = sol[off_y:off_rf]
    rf_full = np.zeros(len(key))
    rf_full[rf_k] = sol[off_rf:off_rx]
    return Solution(
        f_i, f_m, sol[:nf], x_i, x_p, x_m, x_km, sol[off_x:off_y], y_i, y_s, y_m, y_km, y_k,
        y, k_s, k_c, k_m, rf_full, rx_k, rx_p, rx_km, sol[off_rx:],
        float(used @ sol), float(y.sum()), float(haul @ sol), n_var, n_rows,
        int(len(prog.cols)), prog.rounds, used_outer, tie_break, prog.seconds)
