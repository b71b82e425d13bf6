using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace BridgePortal.Tests.Connectors.CommCare;

// The XForm receiver: auth, injected failures and delay, parsing the case blocks, OpenRosa answers.
public sealed partial class FakeCommCare
{
    private async Task<IResult> ReceiveAsync(HttpContext http, string domain)
    {
        if (Refusal(http, domain) is { } refusal)
        {
            return refusal;
        }

        Interlocked.Increment(ref received);
        var now = Interlocked.Increment(ref inFlight);
        for (var max = Volatile.Read(ref maxInFlight); now > max && Interlocked.CompareExchange(ref maxInFlight, now, max) != max; max = Volatile.Read(ref maxInFlight))
        {
        }

        try
        {
            if (SubmissionDelay > TimeSpan.Zero)
            {
                await Task.Delay(SubmissionDelay);
            }

            lock (gate)
            {
                if (failures > 0)
                {
                    failures--;
                    return OpenRosa(failStatus, "processing_failure", failMessage);
                }
            }

            return await ProcessAsync(http);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private async Task<IResult> ProcessAsync(HttpContext http)
    {
        var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
        XDocument xml;
        try
        {
            xml = XDocument.Parse(body);
        }
        catch (System.Xml.XmlException e)
        {
            return Results.Text($"<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\"><message nature=\"processing_failure\">Invalid XML: {e.Message}</message></OpenRosaResponse>",
                "text/xml", statusCode: 400);
        }

        var blocks = xml.Descendants(XName.Get("case", CaseXmlns)).ToList();
        var instanceId = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "instanceID")?.Value;
        if (blocks.Count == 0 || string.IsNullOrWhiteSpace(instanceId) || blocks.Any(b => string.IsNullOrWhiteSpace((string?)b.Attribute("case_id"))))
        {
            return Results.Text("<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\"><message nature=\"processing_failure\">An XForm needs a meta/instanceID and case blocks with a case_id.</message></OpenRosaResponse>",
                "text/xml", statusCode: 422);
        }

        lock (gate)
        {
            if (Apply(blocks) is { } error)
            {
                return OpenRosa(422, "processing_failure", error);
            }

            submissions.Enqueue(body);
            foreach (var block in blocks)
            {
                caseBlocks.Enqueue(block);
            }
        }

        return Results.Text("<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\"><message nature=\"submit_success\">   √   </message></OpenRosaResponse>",
            "text/xml", statusCode: 201);
    }

    private static IResult OpenRosa(int status, string nature, string message) =>
        Results.Text(new XElement(XName.Get("OpenRosaResponse", "http://openrosa.org/http/response"),
            new XElement(XName.Get("message", "http://openrosa.org/http/response"), new XAttribute("nature", nature), message)).ToString(), "text/xml", statusCode: status);
}
