using System.Text.Json;
using Plumb.Diagnostics;
using Plumb.Models;
using Plumb.Tests.Fixtures;
using static TorchSharp.torch;

namespace Plumb.Tests.Cli;

public sealed class EntangleCommandTests
{
    [Fact]
    public void Should_MatchGradientsComputedPairByPair_When_SamplingPairs()
    {
        // Given 12 pairs, 4 of them sampled with seed 7, and only the head's parameters
        string dir = TinyModels.TempDir("entangle");
        string data = DiagnosticsWorkspace.WriteData(dir);

        string perPair = Path.Combine(dir, "entangled.jsonl");
        var (code, stdout, stderr) = DiagnosticsWorkspace.Run("entangle", "--model", DiagnosticsWorkspace.Model,
            "--data", data, "--pairs", "4", "--seed", "7", "--params", "lm_head", "--run", dir, "--out", perPair);

        // Then the mean inner product equals an independent autograd computation on the same pairs
        Assert.True(code == 0, stderr);
        var pairs = DiagnosticsWorkspace.Tokenize(data, DiagnosticsWorkspace.Model);
        var picked = EntanglementSampler.Sample(pairs.Count, 4, 7).Select(i => pairs[i]).ToList();
        using var model = ModelLoader.Load(DiagnosticsWorkspace.Model, CPU);
        var head = model.named_parameters().Single(p => p.name == "lm_head.weight").parameter;
        double inner = picked.Average(p => HeadInnerProduct(model, head, p));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "entangle.json")));
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(4, summary.GetProperty("pairs").GetInt32());
        Assert.Equal(inner, summary.GetProperty("mean_inner_product").GetDouble(), Math.Abs(inner) * 1e-4 + 1e-9);
        double share = summary.GetProperty("entangled_share").GetDouble();
        Assert.InRange(share, 0, 1);
        Assert.Contains("share failing the condition", stdout);

        // And each per-pair row names its pair and carries its own inner product and first-order verdict
        var rows = File.ReadAllLines(perPair).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(picked.Select(p => p.Id), rows.Select(r => r.GetProperty("id").GetString()));
        for (int i = 0; i < rows.Count; i++)
        {
            double expected = HeadInnerProduct(model, head, picked[i]);
            Assert.Equal(expected, rows[i].GetProperty("inner_product").GetDouble(), Math.Abs(expected) * 1e-4 + 1e-9);
            bool falls = rows[i].GetProperty("inner_product").GetDouble()
                >= rows[i].GetProperty("chosen_norm_squared").GetDouble();
            Assert.Equal(falls, rows[i].GetProperty("chosen_falls").GetBoolean());
        }
    }

    // <grad log pi(chosen), grad log pi(rejected)> over lm_head.weight, each from its own forward and backward.
    private static double HeadInnerProduct(Plumb.Models.CausalLM model, Tensor head, Plumb.Data.TokenizedPair p)
    {
        using var scope = NewDisposeScope();
        Tensor Gradient(int[] response)
        {
            var ids = tensor(p.Prompt.Concat(response).Select(i => (long)i).ToArray()).unsqueeze(0);
            var logProbs = model.forward(ids)[0].log_softmax(-1).narrow(0, p.Prompt.Length - 1, response.Length);
            var targets = tensor(response.Select(i => (long)i).ToArray()).unsqueeze(-1);
            var sum = logProbs.gather(-1, targets).sum();
            return autograd.grad([sum], [head])[0].to(ScalarType.Float64);
        }
        return (Gradient(p.Chosen) * Gradient(p.Rejected)).sum().item<double>();
    }
}
