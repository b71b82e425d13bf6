using System.Xml;
using System.Xml.Linq;

namespace BridgePortal.Connectors.CommCare.Cases;

/// <summary>The message of CommCare's OpenRosa answer: <c>&lt;OpenRosaResponse&gt;&lt;message nature="…"&gt;…&lt;/message&gt;</c>.</summary>
public static class OpenRosaResponse
{
    /// <summary>The response's message text, else the body itself (clipped); never empty.</summary>
    public static string Message(string body)
    {
        string? text = null;
        try
        {
            text = XDocument.Parse(body).Descendants().FirstOrDefault(e => e.Name.LocalName == "message")?.Value;
        }
        catch (XmlException)
        {
        }

        text = (text ?? body).Trim();
        return text.Length == 0 ? "(no message)" : text.Length > 1000 ? text[..1000] + "…" : text;
    }
}
