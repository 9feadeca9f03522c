namespace Plumb.Diagnostics;

/// <summary>One confidence bin [Lower, Upper): how many pairs fell in it, their mean confidence and accuracy.
/// </summary>
public sealed record CalibrationBin(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy);

/// <summary>Expected calibration error and the reliability bins behind it (empty bins included, Count 0).</summary>
public sealed record CalibrationReport(double ExpectedCalibrationError, IReadOnlyList<CalibrationBin> Bins);
