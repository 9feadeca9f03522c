namespace Plumb.Objectives;

/// <summary>The registry's table: each name, the settings it reads and how they map onto its options.</summary>
internal static class RegistryEntries
{
    private const string Beta = "beta";
    private const string LabelSmoothing = "label_smoothing";
    private const string Divergence = "f_divergence_type";

    /// <summary>Each setting's TRL name and whether it is given.</summary>
    public static IEnumerable<(string Name, bool IsSet)> GivenSettings(ObjectiveSettings s) =>
    [
        (Beta, s.Beta is not null), (LabelSmoothing, s.LabelSmoothing is not null),
        (Divergence, s.Divergence is not null), ("discopop_tau", s.DiscopopTau is not null),
        ("simpo_gamma", s.SimpoGamma is not null), ("cpo_alpha", s.CpoAlpha is not null),
        ("rpo_eta", s.RpoEta is not null), ("vpo_alpha", s.VpoAlpha is not null),
        ("vpo_mode", s.VpoMode is not null), ("ipo_length_normalized", s.IpoLengthNormalized is not null),
        ("desirable_weight", s.DesirableWeight is not null), ("undesirable_weight", s.UndesirableWeight is not null),
    ];

    public static IReadOnlyList<RegistryEntry> Build() =>
    [
        Margin(SigmoidObjective.Name, [LabelSmoothing], s => new SigmoidObjective(
            With(new SigmoidOptions(), s) with { LabelSmoothing = s.LabelSmoothing ?? 0.0 })),
        Margin(RobustObjective.Name, [LabelSmoothing], s => new RobustObjective(
            With(new RobustOptions { LabelSmoothing = s.LabelSmoothing ?? 0.1 }, s))),
        Margin(IpoObjective.Name, ["ipo_length_normalized"], s => new IpoObjective(
            With(new IpoOptions(), s) with { LengthNormalized = s.IpoLengthNormalized ?? true })),
        Margin(HingeObjective.Name, [], s => new HingeObjective(With(new HingeOptions(), s))),
        Margin(ExoPairObjective.Name, [LabelSmoothing], s => new ExoPairObjective(
            With(new ExoPairOptions(), s) with { LabelSmoothing = s.LabelSmoothing ?? 1e-3 })),
        Margin(NcaPairObjective.Name, [], s => new NcaPairObjective(With(new NcaPairOptions(), s))),
        Margin(BcoPairObjective.Name, [], s => new BcoPairObjective(With(new BcoPairOptions(), s))),
        Margin(BcoPairObjective.TrlName, [], s => new BcoPairObjective(
            With(new BcoPairOptions(), s) with { ShiftRewards = false })),
        Margin(SppoHardObjective.Name, [], s => new SppoHardObjective(With(new SppoHardOptions(), s))),
        Margin(AotObjective.PairedName, [LabelSmoothing], s => new AotObjective(
            With(new AotOptions(), s) with { LabelSmoothing = s.LabelSmoothing ?? 0.0 })),
        Margin(AotObjective.UnpairedName, [LabelSmoothing], s => new AotObjective(
            With(new AotOptions(), s) with { Unpaired = true, LabelSmoothing = s.LabelSmoothing ?? 0.0 })),
        Margin(ApoObjective.ZeroName, [], s => new ApoObjective(With(new ApoOptions(), s))),
        Margin(ApoObjective.DownName, [], s => new ApoObjective(
            With(new ApoOptions(), s) with { Anchor = ApoAnchor.Down })),
        Margin(DiscoPopObjective.Name, ["discopop_tau"], s => new DiscoPopObjective(
            With(new DiscoPopOptions(), s) with { Tau = s.DiscopopTau ?? 0.05 })),
        Margin(SigmoidNormObjective.Name, [], s => new SigmoidNormObjective(With(new SigmoidNormOptions(), s))),
        Paired(SftObjective.Name, [], _ => new SftObjective(new SftOptions())),
        Margin(RpoObjective.Name, ["rpo_eta"], s => new RpoObjective(
            With(new RpoOptions(), s) with { Eta = s.RpoEta ?? 0.005 })),
        Margin(VpoObjective.Name, ["vpo_alpha", "vpo_mode"], s => new VpoObjective(
            With(new VpoOptions(), s) with { Alpha = s.VpoAlpha ?? 0.1, Mode = s.VpoMode ?? VpoMode.Offline })),
        Paired(SimPoObjective.Name, [Beta, LabelSmoothing, "simpo_gamma"], s => new SimPoObjective(new SimPoOptions
        {
            Beta = s.Beta ?? 2.0, Gamma = s.SimpoGamma ?? 0.5, LabelSmoothing = s.LabelSmoothing ?? 0.0,
        })),
        Paired(CpoObjective.Name, [Beta, LabelSmoothing, "cpo_alpha"], s => new CpoObjective(new CpoOptions
        {
            Beta = s.Beta ?? 0.1, Alpha = s.CpoAlpha ?? 1.0, LabelSmoothing = s.LabelSmoothing ?? 0.0,
        })),
        Paired(OrpoObjective.Name, [Beta], s => new OrpoObjective(new OrpoOptions { Beta = s.Beta ?? 0.1 })),
        Paired(MapoObjective.Name, [Beta], s => new MapoObjective(new MapoOptions { Beta = s.Beta ?? 0.1 })),
        Unpaired(KtoObjective.Name, s => new KtoObjective(Kto(s))),
        Unpaired(KtoObjective.ApoZeroName, s => new KtoObjective(Kto(s) with { ApoZero = true })),
        new(BcoObjective.Name, new HashSet<string> { Beta }, null,
            s => new BcoObjective(new BcoOptions { Beta = s.Beta ?? 0.1 })),
    ];

    private static RegistryEntry Margin(
        string name, string[] reads, Func<ObjectiveSettings, IPreferenceObjective> factory) =>
        new(name, new HashSet<string>([Beta, Divergence, .. reads]), factory, null);

    private static RegistryEntry Paired(
        string name, string[] reads, Func<ObjectiveSettings, IPreferenceObjective> factory) =>
        new(name, new HashSet<string>(reads), factory, null);

    private static RegistryEntry Unpaired(string name, Func<ObjectiveSettings, IUnpairedObjective> factory) =>
        new(name, new HashSet<string> { Beta, "desirable_weight", "undesirable_weight" }, null, factory);

    /// <summary>Applies the shared margin settings (beta, f-divergence) to an options record.</summary>
    private static T With<T>(T options, ObjectiveSettings s) where T : MarginOptions =>
        (T)((MarginOptions)options with
        {
            Beta = s.Beta ?? options.Beta,
            Divergence = s.Divergence ?? options.Divergence,
        });

    private static KtoOptions Kto(ObjectiveSettings s) => new()
    {
        Beta = s.Beta ?? 0.1,
        DesirableWeight = s.DesirableWeight ?? 1.0,
        UndesirableWeight = s.UndesirableWeight ?? 1.0,
    };
}
