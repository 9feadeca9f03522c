using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Models.Llama;

/// <summary>Rotary position embeddings, rotate-half layout as in Hugging Face (Su et al. 2021, arXiv:2104.09864).
/// </summary>
internal static class Rotary
{
    /// <summary>Cosine and sine tables [T, headDim] for positions 0..T-1, in fp32 as HF builds them; a
    /// <paramref name="scaling"/> rescales each pair's inverse frequency first.</summary>
    public static (Tensor Cos, Tensor Sin) Tables(long t, int headDim, double theta, Device device,
        RopeScaling? scaling = null)
    {
        using var scope = NewDisposeScope();
        // With scaling the headDim / 2 frequencies are built on the CPU, rescaled in double, rounded once to fp32
        // and copied over, so an accelerator never waits on a read-back.
        var home = scaling is null ? device : CPU;
        var exponent = arange(0, headDim, 2, dtype: ScalarType.Int64, device: home)
            .to_type(ScalarType.Float32).div_(headDim);
        var invFreq = pow(tensor((float)theta, device: home), exponent).reciprocal_();
        if (scaling is not null)
            invFreq = tensor(invFreq.data<float>().ToArray().Select(f => (float)scaling.Scale(f)).ToArray(),
                device: device);
        var positions = arange(t, dtype: ScalarType.Float32, device: device);
        var freqs = outer(positions, invFreq);
        var angles = cat([freqs, freqs], -1);
        return (angles.cos().MoveToOuterDisposeScope(), angles.sin().MoveToOuterDisposeScope());
    }

    /// <summary>Rotates x [B, heads, T, D] by the tables.</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        long half = x.shape[^1] / 2;
        var x1 = x.narrow(-1, 0, half);
        var x2 = x.narrow(-1, half, half);
        var rotated = cat([x2.neg(), x1], -1);
        return x.mul(cos).add_(rotated.mul_(sin)).MoveToOuterDisposeScope();
    }
}
