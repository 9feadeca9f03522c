using Plumb.Templating;

namespace Plumb.Data;

/// <summary>Turns raw records into validated examples of one shape; errors name file, line and field.</summary>
public sealed class ExampleReader(DataShape shape, DataOptions options)
{
    private readonly ColumnMap _columns = options.Columns;

    /// <summary>The shape every record is read as.</summary>
    public DataShape Shape { get; } = shape == DataShape.Auto
        ? throw new ArgumentException("Resolve the shape first, e.g. with ShapeDetector.", nameof(shape))
        : shape;

    /// <summary>Number of implicit text pairs whose prompt was cut at a word, not a turn marker.</summary>
    public long UnmarkedImplicitPrompts { get; private set; }

    /// <summary>Reads one record; throws <see cref="InvalidRecordException"/> when it cannot be used.</summary>
    public PreferenceExample Read(DataRecord record)
    {
        if (record.Error is { } error)
            throw error;
        return Shape switch
        {
            DataShape.Explicit => Explicit(record),
            DataShape.Implicit => Implicit(record),
            _ => Unpaired(record),
        };
    }

    private PreferenceExample Explicit(DataRecord record)
    {
        var prompt = Field(record, _columns.Prompt, allowEmpty: true);
        var chosen = Field(record, _columns.Chosen, allowEmpty: false);
        var rejected = Field(record, _columns.Rejected, allowEmpty: false);
        RequireDifferent(record, chosen, rejected);
        return new PreferenceExample(record.Origin.Id, prompt, [chosen, rejected], null);
    }

    private PreferenceExample Implicit(DataRecord record)
    {
        var chosen = Field(record, _columns.Chosen, allowEmpty: false);
        var rejected = Field(record, _columns.Rejected, allowEmpty: false);
        RequireDifferent(record, chosen, rejected);
        if (chosen.IsConversation != rejected.IsConversation)
            throw Invalid(record, InvalidReason.NoSharedPrompt, _columns.Rejected,
                "chosen and rejected must both be text or both be message lists.");
        return chosen.IsConversation
            ? ImplicitMessages(record, chosen, rejected)
            : ImplicitText(record, chosen, rejected);
    }

    private PreferenceExample ImplicitText(DataRecord record, Content chosen, Content rejected)
    {
        var (prompt, c, r, marked) = ImplicitPrompt.SplitText(chosen.Text!, rejected.Text!);
        if (!marked)
            UnmarkedImplicitPrompts++;
        if (c.Length == 0 || r.Length == 0)
            throw Invalid(record, InvalidReason.NullOrEmpty, c.Length == 0 ? _columns.Chosen : _columns.Rejected,
                "the completion is empty after the shared prompt (it is a prefix of the other one); " +
                "remove the record or pass --skip-invalid.");
        return new PreferenceExample(record.Origin.Id, Content.FromText(prompt),
            [Content.FromText(c), Content.FromText(r)], null);
    }

    private PreferenceExample ImplicitMessages(DataRecord record, Content chosen, Content rejected)
    {
        foreach (var (content, field) in new[] { (chosen, _columns.Chosen), (rejected, _columns.Rejected) })
        {
            if (content.Messages![^1].Role != "assistant")
                throw Invalid(record, InvalidReason.NoSharedPrompt, field,
                    $"the last message is from '{content.Messages[^1].Role}'; an implicit-prompt conversation " +
                    "must end with the assistant turn being compared.");
        }
        var prompt = ImplicitPrompt.SharedMessages(chosen.Messages!, rejected.Messages!) ?? throw Invalid(record,
            InvalidReason.NoSharedPrompt, _columns.Rejected, "chosen and rejected differ before their last " +
            "assistant turn, so they do not share a prompt; give the prompt its own column (--shape explicit).");
        return new PreferenceExample(record.Origin.Id, Content.FromMessages(prompt),
            [Content.FromMessages([chosen.Messages![^1]]), Content.FromMessages([rejected.Messages![^1]])], null);
    }

    private PreferenceExample Unpaired(DataRecord record)
    {
        var prompt = Field(record, _columns.Prompt, allowEmpty: true);
        var completion = Field(record, _columns.Completion, allowEmpty: false);
        object? label = Value(record, _columns.Label);
        if (label is not bool value)
            throw Invalid(record, InvalidReason.NotBoolean, _columns.Label,
                $"label must be a JSON boolean (true = desirable, false = undesirable), found {Describe(label)}. " +
                "Numbers and strings such as 1 or \"yes\" are refused because datasets disagree on what they " +
                "mean; convert them to true/false.");
        return new PreferenceExample(record.Origin.Id, prompt, [completion], value);
    }

    private void RequireDifferent(DataRecord record, Content chosen, Content rejected)
    {
        if (chosen.SameAs(rejected))
            throw Invalid(record, InvalidReason.IdenticalPair, _columns.Rejected,
                "chosen and rejected are identical, so the pair carries no preference (zero gradient); " +
                "remove the record or pass --skip-invalid.");
    }

    private Content Field(DataRecord record, string column, bool allowEmpty)
    {
        object? value = Value(record, column);
        switch (value)
        {
            case string text when text.Length > 0 || allowEmpty:
                return Content.FromText(text);
            case IEnumerable<object?> list:
                var messages = Messages(record, column, list);
                if (messages.Count == 0 && !allowEmpty)
                    break;
                return Content.FromMessages(messages);
            case null or string:
                break;
            default:
                throw Invalid(record, InvalidReason.BadMessages, column,
                    $"expected a string or a list of messages, found {Describe(value)}.");
        }
        throw Invalid(record, InvalidReason.NullOrEmpty, column,
            $"the value is {(value is null ? "null" : "empty")}; every {column} needs text. " +
            "Remove the record or pass --skip-invalid to count and skip such records.");
    }

    private List<ChatMessage> Messages(DataRecord record, string column, IEnumerable<object?> list)
    {
        var messages = new List<ChatMessage>();
        int index = 0;
        foreach (object? item in list)
        {
            if (item is not IReadOnlyDictionary<string, object?> message)
                throw Invalid(record, InvalidReason.BadMessages, column,
                    $"message {index} is {Describe(item)}; expect objects with role and content (or from and value).");
            messages.Add(Message(record, column, index++, message));
        }
        return messages;
    }

    private ChatMessage Message(DataRecord record, string column, int index,
        IReadOnlyDictionary<string, object?> message)
    {
        string? role = (message.GetValueOrDefault("role") ?? message.GetValueOrDefault("from")) as string;
        string? content = (message.GetValueOrDefault("content") ?? message.GetValueOrDefault("value")) as string;
        if (role is null || content is null)
            throw Invalid(record, InvalidReason.BadMessages, column, $"message {index} has keys " +
                $"{ShapeDetector.Describe(message.Keys)}; each message needs a string role and content " +
                "(or ShareGPT's from and value).");
        string mapped = options.Roles.Map(role) ?? throw Invalid(record, InvalidReason.BadMessages, column,
            $"message {index} has role '{role}', which is not mapped; add it with --roles {role}=assistant " +
            "(or user, system).");
        return new ChatMessage(mapped, content);
    }

    private object? Value(DataRecord record, string column) =>
        record.Fields.TryGetValue(column, out object? value) ? value : throw Invalid(record,
            InvalidReason.MissingColumn, column, $"column '{column}' not found; the record has columns " +
            $"{ShapeDetector.Describe(record.Fields.Keys)}. Map yours with --columns, e.g. " +
            $"--columns {FieldName(column)}=<your column>.");

    private string FieldName(string column) =>
        column == _columns.Prompt ? "prompt" : column == _columns.Chosen ? "chosen"
        : column == _columns.Rejected ? "rejected" : column == _columns.Completion ? "completion" : "label";

    private static InvalidRecordException Invalid(DataRecord record, InvalidReason reason, string field, string text) =>
        new(reason, record.Origin, field, text);

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"the string \"{(s.Length > 20 ? s[..20] + "…" : s)}\"",
        bool b => b ? "true" : "false",
        long or double => $"the number {value}",
        IReadOnlyDictionary<string, object?> => "an object",
        IEnumerable<object?> => "a list",
        _ => value.GetType().Name,
    };
}
