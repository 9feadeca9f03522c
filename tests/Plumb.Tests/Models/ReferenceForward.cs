using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Tests.Models;

/// <summary>
/// A deliberately plain second implementation of the Llama and GPT-2 forward passes: one position at a
/// time, loops and dot products in double precision, reading Hugging Face's tensors as stored.
/// </summary>
internal sealed class ReferenceForward
{
    private readonly Dictionary<string, float[]> w;

    public ReferenceForward(IEnumerable<(string Name, Tensor Value)> tensors) =>
        w = tensors.ToDictionary(t => t.Name, t => t.Value.to_type(ScalarType.Float32).data<float>().ToArray());

    /// <summary>Llama logits [T][vocab] for one sequence; rows of W are outputs (nn.Linear layout). Rotary pair
    /// i turns by position * inverseFrequency(i), theta^(-2i/d) when no function is given.</summary>
    public double[][] Llama(int[] ids, int hidden, int heads, int kvHeads, int layers, double theta, double eps,
        bool tied, Func<int, double>? inverseFrequency = null)
    {
        int half = hidden / heads / 2;
        var frequency = inverseFrequency ?? (i => Math.Pow(theta, -2.0 * i / (2 * half)));
        int d = hidden / heads;
        var x = ids.Select(id => Row("model.embed_tokens.weight", id, hidden, tied)).ToArray();
        for (int l = 0; l < layers; l++)
        {
            string p = $"model.layers.{l}.";
            var n = x.Select(v => RmsNorm(v, w[p + "input_layernorm.weight"], eps)).ToArray();
            var q = n.Select(v => Linear(p + "self_attn.q_proj", v, heads * d)).ToArray();
            var k = n.Select(v => Linear(p + "self_attn.k_proj", v, kvHeads * d)).ToArray();
            var vv = n.Select(v => Linear(p + "self_attn.v_proj", v, kvHeads * d)).ToArray();
            for (int t = 0; t < ids.Length; t++)
            {
                Rope(q[t], heads, d, t, frequency);
                Rope(k[t], kvHeads, d, t, frequency);
            }
            var attended = Attend(q, k, vv, heads, kvHeads, d);
            for (int t = 0; t < ids.Length; t++)
                Add(x[t], Linear(p + "self_attn.o_proj", attended[t], hidden));
            for (int t = 0; t < ids.Length; t++)
            {
                var m = RmsNorm(x[t], w[p + "post_attention_layernorm.weight"], eps);
                var gate = Linear(p + "mlp.gate_proj", m, -1);
                var up = Linear(p + "mlp.up_proj", m, -1);
                var act = gate.Select((g, i) => g / (1 + Math.Exp(-g)) * up[i]).ToArray();
                Add(x[t], Linear(p + "mlp.down_proj", act, hidden));
            }
        }
        // The fixture stores the head as lm_head.weight whether or not it is tied to the embedding.
        return x.Select(v => MatVec(w["lm_head.weight"], RmsNorm(v, w["model.norm.weight"], eps), -1)).ToArray();
    }

    /// <summary>GPT-2 logits [T][vocab] for one sequence; Conv1D weights are [in, out] as HF stores them.</summary>
    public double[][] Gpt2(int[] ids, int hidden, int heads, int layers, double eps)
    {
        int d = hidden / heads;
        var x = ids.Select((id, t) => Row("transformer.wte.weight", id, hidden, false)
            .Zip(Row("transformer.wpe.weight", t, hidden, false), (a, b) => a + b).ToArray()).ToArray();
        for (int l = 0; l < layers; l++)
        {
            string p = $"transformer.h.{l}.";
            var qkv = x.Select(v => Conv1D(p + "attn.c_attn", LayerNorm(v, p + "ln_1", eps))).ToArray();
            var q = qkv.Select(v => v[..hidden]).ToArray();
            var k = qkv.Select(v => v[hidden..(2 * hidden)]).ToArray();
            var vv = qkv.Select(v => v[(2 * hidden)..]).ToArray();
            var attended = Attend(q, k, vv, heads, heads, d);
            for (int t = 0; t < ids.Length; t++)
                Add(x[t], Conv1D(p + "attn.c_proj", attended[t]));
            for (int t = 0; t < ids.Length; t++)
            {
                var h = Conv1D(p + "mlp.c_fc", LayerNorm(x[t], p + "ln_2", eps)).Select(GeluTanh).ToArray();
                Add(x[t], Conv1D(p + "mlp.c_proj", h));
            }
        }
        return x.Select(v => MatVec(w["transformer.wte.weight"], LayerNorm(v, "transformer.ln_f", eps), -1))
            .ToArray();
    }

    private static double[][] Attend(double[][] q, double[][] k, double[][] v, int heads, int kvHeads, int d)
    {
        int t = q.Length;
        var output = new double[t][];
        for (int i = 0; i < t; i++)
        {
            output[i] = new double[heads * d];
            for (int h = 0; h < heads; h++)
            {
                int g = h / (heads / kvHeads);
                var scores = new double[i + 1];
                for (int j = 0; j <= i; j++)
                    for (int e = 0; e < d; e++)
                        scores[j] += q[i][h * d + e] * k[j][g * d + e] / Math.Sqrt(d);
                double max = scores.Max();
                var p = scores.Select(s => Math.Exp(s - max)).ToArray();
                double z = p.Sum();
                for (int j = 0; j <= i; j++)
                    for (int e = 0; e < d; e++)
                        output[i][h * d + e] += p[j] / z * v[j][g * d + e];
            }
        }
        return output;
    }

    private static void Rope(double[] x, int heads, int d, int position, Func<int, double> frequency)
    {
        for (int h = 0; h < heads; h++)
            for (int i = 0; i < d / 2; i++)
            {
                double angle = position * frequency(i);
                double a = x[h * d + i], b = x[h * d + i + d / 2];
                x[h * d + i] = a * Math.Cos(angle) - b * Math.Sin(angle);
                x[h * d + i + d / 2] = b * Math.Cos(angle) + a * Math.Sin(angle);
            }
    }

    private double[] Row(string name, int row, int width, bool missing)
    {
        var m = missing ? w["lm_head.weight"] : w[name];
        return [.. Enumerable.Range(0, width).Select(i => (double)m[row * width + i])];
    }

    private static double[] RmsNorm(double[] x, float[] scale, double eps)
    {
        double rms = Math.Sqrt(x.Sum(v => v * v) / x.Length + eps);
        return [.. x.Select((v, i) => v / rms * scale[i])];
    }

    private double[] LayerNorm(double[] x, string prefix, double eps)
    {
        double mean = x.Average();
        double var = x.Sum(v => (v - mean) * (v - mean)) / x.Length;
        var g = w[prefix + ".weight"];
        var b = w[prefix + ".bias"];
        return [.. x.Select((v, i) => (v - mean) / Math.Sqrt(var + eps) * g[i] + b[i])];
    }

    private double[] Linear(string prefix, double[] x, int outputs)
    {
        var y = MatVec(w[prefix + ".weight"], x, outputs);
        if (w.TryGetValue(prefix + ".bias", out var bias))
            for (int i = 0; i < y.Length; i++)
                y[i] += bias[i];
        return y;
    }

    private double[] Conv1D(string prefix, double[] x)
    {
        var weight = w[prefix + ".weight"];
        var bias = w[prefix + ".bias"];
        int outputs = weight.Length / x.Length;
        var y = new double[outputs];
        for (int o = 0; o < outputs; o++)
        {
            y[o] = bias[o];
            for (int i = 0; i < x.Length; i++)
                y[o] += x[i] * weight[i * outputs + o];
        }
        return y;
    }

    private static double[] MatVec(float[] m, double[] x, int rows)
    {
        rows = rows < 0 ? m.Length / x.Length : rows;
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < x.Length; c++)
                y[r] += m[r * x.Length + c] * x[c];
        return y;
    }

    private static void Add(double[] x, double[] y)
    {
        for (int i = 0; i < x.Length; i++)
            x[i] += y[i];
    }

    private static double GeluTanh(double x) =>
        0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
}
