using Plumb.Data;

namespace Plumb.Tests.Training.Tasks;

/// <summary>Small hand-written token sequences over the tiny models' 64-token vocabulary.</summary>
internal static class TaskData
{
    public static readonly TokenizedPair[] Pairs =
    [
        new("p0", [1, 5, 9], [12, 13, 2], [20, 2]),
        new("p1", [1, 7], [30, 31, 32, 2], [40, 41, 2]),
        new("p2", [1, 8, 8, 8], [50, 2], [51, 52, 53, 54, 2]),
    ];

    public static readonly TokenizedUnpaired[] Unpaired =
    [
        new("u0", [1, 5, 9], [12, 13, 2], true),
        new("u1", [1, 7], [40, 41, 2], false),
        new("u2", [1, 8, 8, 8], [50, 2], true),
        new("u3", [1, 3], [51, 52, 53, 2], false),
    ];
}
