using Plumb.Objectives;
using static Plumb.Tests.Objectives.Inputs;

namespace Plumb.Tests.Objectives;

/// <summary>WPO weighting and LD-DPO length desensitisation around an inner objective.</summary>
public sealed class ModifierTests
{
    /// <summary>Chosen: 3 completion tokens after one prompt token; rejected: 1 token, then padding.</summary>
    private static PreferenceLogProbs TokenBatch() => new()
    {
        PolicyChosen = V(-6.0),
        PolicyRejected = V(-2.0),
        ReferenceChosen = V(-3.0),
        ReferenceRejected = V(-1.0),
        Tokens = new TokenLogProbs
        {
            PolicyChosen = M(new double[,] { { 0, -1, -2, -3 } }),
            PolicyRejected = M(new double[,] { { 0, -2, 0, 0 } }),
            ReferenceChosen = M(new double[,] { { 0, -1, -1, -1 } }),
            ReferenceRejected = M(new double[,] { { 0, -1, 0, 0 } }),
            ChosenMask = M(new double[,] { { 0, 1, 1, 1 } }),
            RejectedMask = M(new double[,] { { 0, 1, 0, 0 } }),
        },
    };

    [Fact]
    public void Should_weight_each_pair_by_the_policys_aligned_likelihood_for_WPO()
    {
        // Given chosen tokens log p = [-1, -2] with log sum p^2 = [-0.5, -0.5] -> mean(-0.5, -1.5) = -1,
        // and a rejected token log p = -1 with log sum p^2 = -1 -> 0: weight = e^-1 * e^0 = 0.367879
        // When it multiplies DPO on the common inputs: 0.620957 * 0.367879 = 0.228437
        var tokens = new TokenLogProbs
        {
            PolicyChosen = M(new double[,] { { -1, -2 } }),
            PolicyRejected = M(new double[,] { { -1, 0 } }),
            ChosenMask = M(new double[,] { { 1, 1 } }),
            RejectedMask = M(new double[,] { { 1, 0 } }),
            ChosenLogSquareMass = M(new double[,] { { -0.5, -0.5 } }),
            RejectedLogSquareMass = M(new double[,] { { -1, 7 } }),
        };
        var wpo = new WpoWeighting(new SigmoidObjective(new SigmoidOptions()));

        var output = wpo.Compute(Common() with { Tokens = tokens }, ObjectiveState.Initial);

        Close(0.228437332, output.Losses);
        Close(0.367879441, output.Metrics["wpo_weight"]);
    }

    [Fact]
    public void Should_compute_log_sum_of_squared_probabilities_from_logits()
    {
        // logits [0, ln 3] -> p = [0.25, 0.75], sum p^2 = 0.0625 + 0.5625 = 0.625, log = -0.470004
        var logits = V(0.0, Math.Log(3.0));
        Close(-0.470003629, WpoWeighting.LogSquareMass(logits));
    }

    [Fact]
    public void Should_refuse_WPO_for_sorted_AOT_losses()
    {
        var error = Assert.Throws<PlumbException>(() => new WpoWeighting(new AotObjective(new AotOptions())));
        Assert.Contains("not defined for 'aot'", error.Message);
    }

    [Fact]
    public void Should_damp_tokens_past_the_shared_length_in_policy_and_reference()
    {
        // shared length min(3, 1) = 1, alpha 0.5:
        // policy chosen -1 + 0.5 * (-2 - 3) = -3.5; reference chosen -1 + 0.5 * (-1 - 1) = -2
        // rejected (1 token) unchanged: -2 and -1; h = (-3.5 + 2) - (-2 + 1) = -0.5; -logsig(-0.05) = 0.718460
        var ld = new LengthDesensitization(new SigmoidObjective(new SigmoidOptions()), 0.5);

        var output = ld.Compute(TokenBatch(), ObjectiveState.Initial);

        Close(0.718459648, output.Losses);
        Close(-0.15, output.ChosenRewards); // 0.1 * (-3.5 + 2)
    }

    [Fact]
    public void Should_damp_only_the_policy_When_scoped_as_TRL_0_28()
    {
        // policy chosen -3.5 against the full reference -3: h = -0.5 - (-1) = 0.5; -logsig(0.05) = 0.668460
        var ld = new LengthDesensitization(new SigmoidObjective(new SigmoidOptions()), 0.5, LdScope.PolicyOnly);

        Close(0.668459648, ld.Compute(TokenBatch(), ObjectiveState.Initial).Losses);
    }

    [Fact]
    public void Should_equal_the_plain_objective_When_alpha_is_one()
    {
        // alpha = 1 recovers the summed log-probs: h = (-6 + 3) - (-2 + 1) = -2; -logsig(-0.2) = 0.798139
        var ld = new LengthDesensitization(new SigmoidObjective(new SigmoidOptions()), 1.0);

        Close(0.798138869, ld.Compute(TokenBatch(), ObjectiveState.Initial).Losses);
    }

    [Fact]
    public void Should_ignore_non_finite_values_on_padding_positions()
    {
        // Given -inf on a padded rejected position (e.g. a masked logsumexp), the LD-DPO sums stay finite
        var batch = TokenBatch();
        var padded = batch with
        {
            Tokens = batch.Tokens! with
            {
                PolicyRejected = M(new double[,] { { 0, -2, double.NegativeInfinity, double.NaN } }),
            },
        };
        var ld = new LengthDesensitization(new SigmoidObjective(new SigmoidOptions()), 0.5);

        Close(0.718459648, ld.Compute(padded, ObjectiveState.Initial).Losses);
    }
}
