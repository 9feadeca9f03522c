using Plumb.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Tests.Diagnostics;

public sealed class ChesTests
{
    private static Tensor States(double[,] values, ScalarType dtype = ScalarType.Float64) =>
        torch.tensor(values).to(dtype);

    [Fact]
    public void Should_match_the_worked_example_When_scoring_hand_made_states()
    {
        // Given objectives.md 1.2: y+ states [1,0],[0,1] (|y+|=2), y- states [2,1],[1,0],[0,0] (|y-|=3)
        using var chosen = States(new double[,] { { 1, 0 }, { 0, 1 } });
        using var rejected = States(new double[,] { { 2, 1 }, { 1, 0 }, { 0, 0 } });

        // When
        var score = Ches.Score(chosen, rejected);

        // Then S+ = (1,1), S- = (3,1): CHES = <S+,S-> - |S+|^2 = 4 - 2 = 2;
        // LN-CHES = 4/(2*3) - 2/2^2 = 0.666667 - 0.5 = 0.166667; last states <[0,1],[0,0]> = 0
        Assert.Equal(2.0, score.Ches, 12);
        Assert.Equal(4.0 / 6 - 0.5, score.LengthNormalisedChes, 12);
        Assert.Equal(0.0, score.LastHiddenInnerProduct, 12);
        Assert.Null(score.MinusNormalisedEditDistance);
    }

    [Fact]
    public void Should_be_asymmetric_and_accept_float32_When_sides_are_swapped()
    {
        // Given the same states in float32, swapped: S+ = (3,1), S- = (1,1)
        using var chosen = States(new double[,] { { 2, 1 }, { 1, 0 }, { 0, 0 } }, ScalarType.Float32);
        using var rejected = States(new double[,] { { 1, 0 }, { 0, 1 } }, ScalarType.Float32);

        var score = Ches.Score(chosen, rejected);

        // Then CHES = 4 - |(3,1)|^2 = 4 - 10 = -6; LN-CHES = 4/6 - 10/9 = -0.444444
        Assert.Equal(-6.0, score.Ches, 6);
        Assert.Equal(4.0 / 6 - 10.0 / 9, score.LengthNormalisedChes, 6);
    }

    [Fact]
    public void Should_agree_with_a_plain_loop_When_scoring_float32_model_states()
    {
        // Given response states from a tiny model, in float32 as a real model would give them
        using var model = new TinyLM(hidden: 6);
        using var chosen = model.HiddenStates(torch.tensor(new long[] { 1, 2, 3, 4, 5 })).detach().to(torch.float32);
        using var rejected = model.HiddenStates(torch.tensor(new long[] { 6, 2, 0 })).detach().to(torch.float32);

        var score = Ches.Score(chosen, rejected);

        // Then it equals Def. 2-3 written as loops over float64 copies
        double[][] c = Rows(chosen), r = Rows(rejected);
        double[] sc = new double[6], sr = new double[6];
        foreach (var row in c) for (int j = 0; j < 6; j++) sc[j] += row[j];
        foreach (var row in r) for (int j = 0; j < 6; j++) sr[j] += row[j];
        double cross = 0, self = 0, last = 0;
        for (int j = 0; j < 6; j++)
        {
            cross += sc[j] * sr[j];
            self += sc[j] * sc[j];
            last += c[^1][j] * r[^1][j];
        }
        Assert.Equal(cross - self, score.Ches, 9);
        Assert.Equal(cross / 15 - self / 25, score.LengthNormalisedChes, 9);
        Assert.Equal(last, score.LastHiddenInnerProduct, 9);
    }

    private static double[][] Rows(Tensor states) =>
        Enumerable.Range(0, (int)states.shape[0])
            .Select(i => states[i].to(ScalarType.Float64).data<double>().ToArray()).ToArray();

    [Fact]
    public void Should_take_the_states_that_predict_response_tokens_When_slicing_a_sequence()
    {
        // Given 5 positions with prompt length 2 and response length 3: row i holds (i, 10 i)
        using var sequence = torch.tensor(new double[,] { { 0, 0 }, { 1, 10 }, { 2, 20 }, { 3, 30 }, { 4, 40 } });

        using var states = Ches.ResponseStates(sequence, promptLength: 2, responseLength: 3);

        // Then positions P-1..P+R-2 = 1..3 are kept and the last position (predicting past the end) is dropped
        Assert.Equal(new long[] { 3, 2 }, states.shape);
        Assert.Equal(new double[] { 1, 2, 3 }, states[.., 0].data<double>().ToArray());
    }

    [Fact]
    public void Should_refuse_a_response_that_overruns_the_sequence()
    {
        using var sequence = torch.zeros(4, 2, dtype: ScalarType.Float64);
        Assert.Throws<ArgumentException>(() => Ches.ResponseStates(sequence, 2, 3));
        Assert.Throws<ArgumentException>(() => Ches.ResponseStates(sequence, 0, 2));
    }

    [Fact]
    public void Should_report_minus_normalised_edit_distance_When_token_ids_are_given()
    {
        using var chosen = States(new double[,] { { 1, 0 } });
        using var rejected = States(new double[,] { { 0, 1 } });

        // [1,2,3,4] -> [5,2,3]: substitute 1->5, delete 4: distance 2, over max length 4 = 0.5
        var score = Ches.Score(chosen, rejected, [1, 2, 3, 4], [5, 2, 3]);

        Assert.Equal(-0.5, score.MinusNormalisedEditDistance!.Value, 12);
    }

    [Theory]
    [InlineData(new long[] { }, new long[] { }, 0)]
    [InlineData(new long[] { 1, 2, 3 }, new long[] { }, 3)]
    [InlineData(new long[] { 1, 2, 3 }, new long[] { 1, 3 }, 1)]
    [InlineData(new long[] { 7, 1, 2, 3, 4, 5, 6 }, new long[] { 1, 2, 9, 4, 5, 6, 8 }, 3)]
    public void Should_count_edits_like_levenshtein(long[] a, long[] b, int expected)
    {
        // The last case: delete 7, substitute 3->9, insert 8
        Assert.Equal(expected, TokenEditDistance.Levenshtein(a, b));
        Assert.Equal(expected, TokenEditDistance.Levenshtein(b, a));
    }
}
