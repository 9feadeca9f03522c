using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Models;

/// <summary>
/// Runs a block without keeping its activations and recomputes them in the backward pass
/// (Chen et al. 2016, arXiv:1604.06174); TorchSharp has no <c>torch.utils.checkpoint</c>.
/// </summary>
/// <remarks>
/// Reentrant: the backward pass re-runs the block on a detached copy of its saved input under
/// <c>enable_grad</c> and back-propagates through it, which accumulates the block's parameter gradients and
/// yields the gradient of the input. Only the block input is kept, one [B, T, hidden] tensor per block.
/// Dropout inside the block (LoRA dropout) goes through <see cref="DropoutReplay"/>, and the recomputation
/// reopens the forward's frame position, so it draws the same masks.
/// </remarks>
internal sealed class ActivationCheckpoint : autograd.SingleTensorFunction<ActivationCheckpoint>
{
    private const string BlockKey = "block";
    private const string MasksKey = "masks";

    /// <inheritdoc />
    public override string Name => nameof(ActivationCheckpoint);

    /// <summary>
    /// Applies <paramref name="block"/> to <paramref name="x"/> and the constant <paramref name="extras"/>
    /// (such as rotary tables), checkpointed when gradients are being recorded.
    /// </summary>
    /// <remarks>
    /// The extras are saved with the input, so they outlive the caller's dispose scope. An input that does not
    /// require a gradient (frozen embeddings under LoRA) is made to, or the block's adapters would get none.
    /// </remarks>
    public static Tensor Run(Func<Tensor, Tensor[], Tensor> block, Tensor x, params Tensor[] extras)
    {
        if (!is_grad_enabled())
            return block(x, extras);
        var input = x.requires_grad ? x : x.detach().requires_grad_(true);
        return apply([input, .. extras, block]);
    }

    /// <inheritdoc />
    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var tensors = vars.OfType<Tensor>().ToList();
        var block = (Func<Tensor, Tensor[], Tensor>)vars[^1];
        ctx.save_for_backward(tensors);
        ctx.save_data(BlockKey, block);
        // Run inside the caller's dropout frame if there is one, else in a frame of the block's own, and keep
        // where its masks came from.
        var outer = DropoutReplay.Current;
        using var own = outer is null ? DropoutReplay.Open(null) : null;
        var frame = outer ?? own!.Frame;
        long start = frame.Calls;
        var output = block(tensors[0], [.. tensors.Skip(1)]);
        ctx.save_data(MasksKey, (frame.BaseSeed, start));
        return output;
    }

    /// <inheritdoc />
    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var block = (Func<Tensor, Tensor[], Tensor>)ctx.get_data(BlockKey);
        var (baseSeed, start) = ((long?, long))ctx.get_data(MasksKey);
        var saved = ctx.get_saved_variables();
        Tensor inputGrad;
        using var masks = DropoutReplay.Open(baseSeed, start);
        // The recomputed activations live only in this scope: freeing them here is the memory saving.
        using (var scope = NewDisposeScope())
        using (enable_grad())
        {
            var input = saved[0].detach().requires_grad_(true);
            var output = block(input, [.. saved.Skip(1)]);
            autograd.backward([output], [grad_output]);
            inputGrad = input.grad!.MoveToOuterDisposeScope();
        }
        // One gradient per forward argument: the input's, none for the extras and the block itself.
        return [inputGrad, .. Enumerable.Repeat<Tensor>(null!, saved.Count)];
    }
}
