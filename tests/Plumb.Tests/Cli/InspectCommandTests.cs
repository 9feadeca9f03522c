using Plumb.Cli;
using Plumb.Tests.Fixtures;
using static Plumb.Tests.Fixtures.TinyModels;

namespace Plumb.Tests.Cli;

public sealed class InspectCommandTests
{
    [Fact]
    public void Should_describe_the_model_and_its_special_tokens_When_the_directory_is_complete()
    {
        // Given a tiny Llama with a tokenizer config naming BOS and EOS, and a generation config naming PAD
        string dir = WriteLlama(TempDir());
        File.WriteAllText(Path.Combine(dir, "tokenizer_config.json"), """
            {"bos_token": "<s>", "eos_token": {"content": "</s>"},
             "added_tokens_decoder": {"1": {"content": "<s>"}, "2": {"content": "</s>"}}}
            """);
        File.WriteAllText(Path.Combine(dir, "generation_config.json"), """{"pad_token_id": 0}""");

        // When inspected, loading the weights too
        var (code, output, error) = Run("inspect", dir, "--device", "cpu");

        // Then: parameters = embed 64*32 + head 64*32 + final norm 32
        //   + 2 layers * (q 32*32 + k 16*32 + v 16*32 + o 32*32 + 3 * 48*32 + norms 2*32) = 2 * 7744 -> 19,616
        Assert.Equal(0, code);
        // (stderr may carry TorchRuntime's one-time note after a fresh build, so only errors are ruled out.)
        Assert.DoesNotContain("error:", error);
        string[] expected =
        [
            "architecture      LlamaForCausalLM",
            "model_type        llama",
            "parameters        19,616 (19.6K)",
            "checkpoint dtype  F32 in 1 file(s); loaded as fp32 on cpu",
            "vocabulary        64",
            "context length    128",
            "layers            2",
            "heads             4 (key/value heads 2, head dim 8)",
            "hidden size       32 (intermediate 48)",
            "tied embeddings   no",
            "bos               <s> (id 1; tokenizer_config.json)",
            "eos               </s> (id 2; tokenizer_config.json)",
            "pad               id 0 (generation_config.json)",
        ];
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.All(expected, line => Assert.Contains(line, lines));
    }

    [Fact]
    public void Should_check_without_reading_weights_When_no_device_is_given()
    {
        // Given a GPT-2 checkpoint stored in bf16
        string dir = WriteGpt2(TempDir(), TorchSharp.torch.ScalarType.BFloat16);

        var (code, output, _) = Run("inspect", dir);

        // Then: wte 64*32 + wpe 128*32 + ln_f 2*32
        //   + 2 layers * (2 norms 4*32 + c_attn 32*96+96 + c_proj 32*32+32 + c_fc 32*128+128 + c_proj 128*32+32)
        //   = 2048 + 4096 + 64 + 2 * 12704 = 31,616
        Assert.Equal(0, code);
        Assert.Contains("parameters        31,616 (31.6K)", output);
        Assert.Contains("checkpoint dtype  BF16 in 1 file(s); weights not read (pass --device cpu to load them)",
            output);
        Assert.Contains("architecture      GPT2LMHeadModel", output);
        Assert.Contains("bos               id 0 (config.json)", output);
    }

    [Fact]
    public void Should_exit_1_and_name_the_directory_When_config_json_is_missing()
    {
        string dir = TempDir();

        var (code, output, error) = Run("inspect", dir);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains($"error: {dir}: no config.json", error);
    }

    [Fact]
    public void Should_exit_1_and_list_the_problem_When_the_tensors_do_not_match_the_config()
    {
        // Given a config that says 3 layers over a 2-layer checkpoint
        string dir = TempDir();
        var config = LlamaConfig();
        config["num_hidden_layers"] = 3;
        Write(dir, config, LlamaTensors(false, false, 1));

        var (code, _, error) = Run("inspect", dir);

        Assert.Equal(1, code);
        Assert.Contains("does not match its config.json", error);
        Assert.Contains("missing tensors: model.layers.2.input_layernorm.weight", error);
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = PlumbCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
