using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Models;

/// <summary>Scaled dot-product attention with a causal mask, sharing key/value heads across query groups.</summary>
/// <remarks>
/// Written out rather than calling SDPA: on the project's CPU the manual form measured 5-10% faster, and
/// grouped queries attend to their shared key/value head by broadcasting, without copying K and V.
/// </remarks>
internal static class CausalAttention
{
    /// <summary>q [B, H, T, D]; k, v [B, KV, T, D] with H a multiple of KV; returns [B, T, H * D].</summary>
    public static Tensor Apply(Tensor q, Tensor k, Tensor v, int? slidingWindow = null)
    {
        using var scope = NewDisposeScope();
        long b = q.shape[0], h = q.shape[1], t = q.shape[2], d = q.shape[3];
        long kv = k.shape[1];

        // Query head i uses key/value head i / (H / KV), as Hugging Face's repeat_kv orders them.
        var qg = q.view(b, kv, h / kv, t, d);
        var kg = k.unsqueeze(2);
        var vg = v.unsqueeze(2);

        var scores = qg.matmul(kg.transpose(-2, -1)).mul_(1.0 / Math.Sqrt(d));
        scores = scores.add_(Mask(t, slidingWindow, q.device));
        var weights = scores.softmax(-1);
        var output = weights.matmul(vg).view(b, h, t, d).transpose(1, 2).reshape(b, t, h * d);
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>Additive mask [T, T]: 0 where key j may be seen from query i, -inf elsewhere.</summary>
    private static Tensor Mask(long t, int? slidingWindow, Device device)
    {
        var mask = full(t, t, double.NegativeInfinity, device: device).triu(1);
        if (slidingWindow is { } w && t > w)
            mask = mask.add_(full(t, t, double.NegativeInfinity, device: device).tril(-w));
        return mask;
    }
}
