namespace Plumb.Diagnostics;

/// <summary>A token's next-token probability before and after training.</summary>
public sealed record TokenShift(long TokenId, double Before, double After)
{
    /// <summary>After minus Before.</summary>
    public double Increase => After - Before;
}
