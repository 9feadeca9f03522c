namespace Plumb.Objectives;

/// <summary>The sign of VPO's value regulariser.</summary>
public enum VpoMode
{
    /// <summary>Pessimism (sign -1): an SFT-like pull towards calibration samples; for offline data.</summary>
    Offline,

    /// <summary>Optimism (sign +1): push calibration samples down to explore; for online iterations.</summary>
    Online,
}
