using System.Globalization;
using System.Net;
using System.Text;

namespace Plumb.Diagnostics;

/// <summary>Builds a self-contained HTML page: headings, paragraphs, tables and PNGs embedded as data URIs.</summary>
public sealed class HtmlReport
{
    private readonly string _title;
    private readonly StringBuilder _body = new();

    public HtmlReport(string title) => _title = title;

    /// <summary>Adds a section heading.</summary>
    public HtmlReport AddHeading(string text)
    {
        _body.Append("<h2>").Append(Encode(text)).Append("</h2>\n");
        return this;
    }

    /// <summary>Adds a paragraph of plain text.</summary>
    public HtmlReport AddParagraph(string text)
    {
        _body.Append("<p>").Append(Encode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>Adds a table; every row must have as many cells as there are headers.</summary>
    public HtmlReport AddTable(string caption, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.Append("<table>\n<caption>").Append(Encode(caption)).Append("</caption>\n<tr>");
        foreach (string h in headers)
            _body.Append("<th>").Append(Encode(h)).Append("</th>");
        _body.Append("</tr>\n");
        int index = 0;
        foreach (var row in rows)
        {
            if (row.Count != headers.Count)
                throw new ArgumentException(
                    $"table '{caption}' row {index} has {row.Count} cells for {headers.Count} headers");
            _body.Append("<tr>");
            foreach (string cell in row)
                _body.Append("<td>").Append(Encode(cell)).Append("</td>");
            _body.Append("</tr>\n");
            index++;
        }
        _body.Append("</table>\n");
        return this;
    }

    /// <summary>Embeds a PNG image, base64-encoded, with a caption.</summary>
    public HtmlReport AddImage(string caption, byte[] png)
    {
        if (png.Length < 8 || png[0] != 0x89 || png[1] != (byte)'P')
            throw new ArgumentException($"image '{caption}' is not a PNG");
        _body.Append("<figure><img alt=\"").Append(Encode(caption)).Append("\" src=\"data:image/png;base64,")
            .Append(Convert.ToBase64String(png)).Append("\"/><figcaption>").Append(Encode(caption))
            .Append("</figcaption></figure>\n");
        return this;
    }

    /// <summary>The complete page.</summary>
    public string Render() =>
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>" + Encode(_title)
        + "</title>\n<style>" + Style + "</style>\n</head>\n<body>\n<h1>" + Encode(_title) + "</h1>\n"
        + _body + "</body>\n</html>\n";

    /// <summary>Writes the page to a file as UTF-8.</summary>
    public void Save(string path) => File.WriteAllText(path, Render(), new UTF8Encoding(false));

    /// <summary>Formats a number for a table cell with invariant culture.</summary>
    public static string Cell(double value, string format = "G6") =>
        value.ToString(format, CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private const string Style =
        "body{font-family:sans-serif;max-width:960px;margin:2em auto;}"
        + "table{border-collapse:collapse;margin:1em 0;}th,td{border:1px solid #ccc;padding:4px 8px;"
        + "text-align:right;}caption{font-weight:bold;text-align:left;}img{max-width:100%;}";
}
