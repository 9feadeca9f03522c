using Plumb.Diagnostics;
using Plumb.Models;
using Plumb.Tests.Fixtures;
using static TorchSharp.torch;

namespace Plumb.Tests.Cli;

public sealed class ChesCommandTests
{
    [Fact]
    public void Should_WriteChesEqualToScoreOnIndependentHiddenStates_When_ScoringAFile()
    {
        // Given 12 pairs and a tiny model
        string dir = TinyModels.TempDir("ches");
        string data = DiagnosticsWorkspace.WriteData(dir);
        string output = Path.Combine(dir, "scores.jsonl");

        // When the CLI scores them in batches of 5 (padded rows)
        var (code, stdout, stderr) = DiagnosticsWorkspace.Run("ches", "--model", DiagnosticsWorkspace.Model,
            "--data", data, "--out", output, "--batch-size", "5");

        // Then each pair's row equals Ches.Score on hidden states from an unpadded forward of that pair alone
        Assert.True(code == 0, stderr);
        var rows = ChesScoresFile.Read(output).ToDictionary(r => r.Id);
        var pairs = DiagnosticsWorkspace.Tokenize(data, DiagnosticsWorkspace.Model);
        Assert.Equal(12, rows.Count);
        Assert.Contains("pairs.jsonl:4", rows.Keys); // the blank line 3 is skipped but still counted
        using var model = ModelLoader.Load(DiagnosticsWorkspace.Model, CPU);
        foreach (var pair in pairs)
        {
            var expected = Independent(model, pair);
            var actual = rows[pair.Id].Similarity;
            Assert.Equal(expected.Ches, actual.Ches, Math.Max(1e-6, Math.Abs(expected.Ches) * 1e-4));
            Assert.Equal(expected.LengthNormalisedChes, actual.LengthNormalisedChes,
                Math.Max(1e-6, Math.Abs(expected.LengthNormalisedChes) * 1e-4));
            Assert.Equal(expected.LastHiddenInnerProduct, actual.LastHiddenInnerProduct,
                Math.Max(1e-6, Math.Abs(expected.LastHiddenInnerProduct) * 1e-4));
            Assert.Equal(expected.MinusNormalisedEditDistance!.Value, actual.MinusNormalisedEditDistance!.Value, 12);
            Assert.Equal(pair.Chosen.Length, rows[pair.Id].ChosenLength);
        }
        Assert.Contains("LN-CHES", stdout);
        Assert.Contains("p50", stdout);
        Assert.Contains("scored 12 of 12 records in", stdout);
    }

    [Fact]
    public void Should_RenderWithTheModelsChatTemplate_When_TheDataIsConversational()
    {
        // Given two conversational pairs and a model whose tokenizer_config.json has a ChatML template
        string dir = TinyModels.TempDir("ches");
        string data = Path.Combine(dir, "chat.jsonl");
        File.WriteAllLines(data, [
            """{"prompt": [{"role": "user", "content": "Say hello."}], "chosen": [{"role": "assistant", "content": "hello there"}], "rejected": [{"role": "assistant", "content": "go away"}]}""",
            """{"prompt": [{"role": "user", "content": "Name a fruit."}], "chosen": [{"role": "assistant", "content": "apple"}], "rejected": [{"role": "assistant", "content": "stone"}]}""",
        ]);
        string output = Path.Combine(dir, "scores.jsonl");

        var (code, _, stderr) = DiagnosticsWorkspace.Run("ches", "--model", DiagnosticsWorkspace.Model,
            "--data", data, "--out", output);

        // Then both pairs are rendered and scored
        Assert.True(code == 0, stderr);
        var rows = ChesScoresFile.Read(output);
        Assert.Equal(["chat.jsonl:1", "chat.jsonl:2"], rows.Select(r => r.Id));
        Assert.All(rows, r => Assert.True(double.IsFinite(r.Similarity.Ches)));
    }

    [Fact]
    public void Should_FailWithAMessage_When_NeitherOutNorRunIsGiven()
    {
        string data = DiagnosticsWorkspace.WriteData(TinyModels.TempDir("ches"));

        var (code, _, stderr) = DiagnosticsWorkspace.Run("ches", "--model", DiagnosticsWorkspace.Model, "--data", data);

        Assert.Equal(1, code);
        Assert.Contains("needs --out FILE (or --run DIR)", stderr);
    }

    // The final-layer states of prompt + response, computed for this pair alone, then Ches.Score.
    private static PairSimilarity Independent(CausalLM model, Plumb.Data.TokenizedPair pair)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor States(int[] response)
        {
            var ids = tensor(pair.Prompt.Concat(response).Select(i => (long)i).ToArray()).unsqueeze(0);
            return model.HiddenStates(ids)[0].narrow(0, pair.Prompt.Length - 1, response.Length);
        }
        return Ches.Score(States(pair.Chosen), States(pair.Rejected),
            pair.Chosen.Select(i => (long)i).ToArray(), pair.Rejected.Select(i => (long)i).ToArray());
    }
}
