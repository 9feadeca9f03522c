using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Scoring;

/// <summary>
/// Prompt + completion token sequences, right-padded into one [B, T] batch, with the positions whose next token
/// is a completion token marked.
/// </summary>
/// <remarks>
/// Position t predicts token t + 1, so for a prompt of length P and a completion of length C the marked
/// positions are P - 1 .. P + C - 2 of the T - 1 predicting positions.
/// </remarks>
public sealed class SequenceBatch : IDisposable
{
    private SequenceBatch(Tensor inputIds, Tensor completionMask, Tensor completionIndex, int[] counts)
    {
        InputIds = inputIds;
        CompletionMask = completionMask;
        CompletionIndex = completionIndex;
        CompletionLengths = counts;
    }

    /// <summary>Token ids [B, T] (int64), right-padded with the pad id.</summary>
    public Tensor InputIds { get; }

    /// <summary>[B, T - 1] booleans: true where the position predicts a completion token.</summary>
    public Tensor CompletionMask { get; }

    /// <summary>
    /// The marked positions as flat indices into [B * (T - 1)], ascending; built on the host so that
    /// scoring never waits on the device to find them.
    /// </summary>
    public Tensor CompletionIndex { get; }

    /// <summary>Completion tokens per row, as given.</summary>
    public IReadOnlyList<int> CompletionLengths { get; }

    /// <summary>Rows in the batch.</summary>
    public long Rows => InputIds.shape[0];

    /// <summary>Builds a batch from (prompt, completion) pairs of token ids.</summary>
    /// <exception cref="ArgumentException">A prompt is empty (its first completion token would have no
    /// predicting position), or every sequence has fewer than two tokens.</exception>
    public static SequenceBatch Create(IReadOnlyList<(int[] Prompt, int[] Completion)> rows, long padId,
        Device? device = null)
    {
        if (rows.Count == 0)
            throw new ArgumentException("A batch needs at least one sequence.", nameof(rows));
        int t = Math.Max(2, rows.Max(r => r.Prompt.Length + r.Completion.Length));
        var ids = new long[rows.Count * t];
        var mask = new bool[rows.Count * (t - 1)];
        var index = new List<long>();
        for (int b = 0; b < rows.Count; b++)
            Fill(rows[b], b, t, padId, ids, mask, index);
        device ??= CPU;
        return new SequenceBatch(
            tensor(ids, [rows.Count, t], device: device),
            tensor(mask, [rows.Count, t - 1], device: device),
            tensor(index.ToArray(), device: device),
            [.. rows.Select(r => r.Completion.Length)]);
    }

    private static void Fill((int[] Prompt, int[] Completion) row, int b, int t, long padId,
        long[] ids, bool[] mask, List<long> index)
    {
        var (prompt, completion) = row;
        if (prompt.Length == 0)
            throw new ArgumentException($"Row {b} has an empty prompt; start it with at least one token "
                + "(e.g. BOS) so that its first completion token is predicted.", nameof(row));
        int length = prompt.Length + completion.Length;
        for (int i = 0; i < t; i++)
            ids[b * t + i] = i < prompt.Length ? prompt[i] : i < length ? completion[i - prompt.Length] : padId;
        for (int p = prompt.Length - 1; p < length - 1; p++)
        {
            mask[b * (t - 1) + p] = true;
            index.Add(b * (t - 1) + p);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        InputIds.Dispose();
        CompletionMask.Dispose();
        CompletionIndex.Dispose();
    }
}
