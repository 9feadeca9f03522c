namespace Plumb.Synthetic;

/// <summary>How preference training moved the held-out pairs of one <see cref="PairKind"/>.</summary>
/// <param name="Pairs">Pairs of this kind.</param>
/// <param name="RankingBefore">Share with log π(chosen) ≥ log π(rejected) before training.</param>
/// <param name="RankingAfter">The same after training.</param>
/// <param name="MarginBefore">Mean log π(chosen) − log π(rejected) before training (nats).</param>
/// <param name="MarginAfter">The same after training.</param>
/// <param name="ChosenChange">Mean change of log π(chosen).</param>
public sealed record KindChange(
    int Pairs, double RankingBefore, double RankingAfter, double MarginBefore, double MarginAfter,
    double ChosenChange);
