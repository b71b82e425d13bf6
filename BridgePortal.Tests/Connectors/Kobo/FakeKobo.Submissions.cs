using System.Globalization;
using System.Text.Json.Nodes;

namespace BridgePortal.Tests.Connectors.Kobo;

// The fake's store as tests fill it: projects (assets) and their submissions, with the metadata Kobo adds and
// the way it rewrites a submission on edit.
public sealed partial class FakeKobo
{
    /// <summary>Adds a survey project (asset). Adding an existing uid renames it and sets its deployment state.</summary>
    public void AddAsset(string uid, string name, bool deployed = true)
    {
        lock (gate)
        {
            if (assets.Find(a => a.Uid == uid) is { } existing)
            {
                existing.Name = name;
                existing.Deployed = deployed;
                existing.Modified = DateTime.UtcNow;
                return;
            }

            assets.Add(new Asset(uid) { Name = name, Deployed = deployed, Modified = DateTime.UtcNow });
        }
    }

    /// <summary>
    /// Adds a submission to project <paramref name="uid"/> with the form's own <paramref name="fields"/> and Kobo's
    /// metadata (<c>_id</c> from a global counter, <c>_uuid</c>, <c>_submission_time</c>, <c>meta/instanceID</c>, …).
    /// Returns a copy of the stored submission.
    /// </summary>
    public JsonObject AddSubmission(string uid, JsonObject fields, DateTime? submissionTime = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var time = submissionTime ?? DateTime.UtcNow;
        time = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;
        var submission = (JsonObject)fields.DeepClone();
        lock (gate)
        {
            var asset = Find(uid) ?? throw new ArgumentException($"no asset '{uid}' in the fake Kobo; call AddAsset first", nameof(uid));
            var id = ++lastId;
            var uuid = Guid.NewGuid().ToString("D");
            submission["__version__"] = "v1";
            submission["meta/instanceID"] = "uuid:" + uuid;
            submission["meta/rootUuid"] = "uuid:" + uuid;
            submission["_xform_id_string"] = uid;
            submission["_uuid"] = uuid;
            submission["_attachments"] = new JsonArray();
            submission["_status"] = "submitted_via_web";
            submission["_geolocation"] = new JsonArray(null, null);
            submission["_submission_time"] = time.ToString(TimeFormat, CultureInfo.InvariantCulture);
            submission["_tags"] = new JsonArray();
            submission["_notes"] = new JsonArray();
            submission["_validation_status"] = new JsonObject();
            submission["_submitted_by"] = null;
            submission["_id"] = id;
            asset.Submissions.Add(submission);
            return (JsonObject)submission.DeepClone();
        }
    }

    /// <summary>Adds <paramref name="count"/> submissions; <paramref name="fields"/> gets the 0-based index (default <c>{"n": i}</c>).</summary>
    public IReadOnlyList<JsonObject> AddSubmissions(string uid, int count, Func<int, JsonObject>? fields = null)
    {
        var added = new List<JsonObject>(count);
        for (var i = 0; i < count; i++)
        {
            added.Add(AddSubmission(uid, fields?.Invoke(i) ?? new JsonObject { ["n"] = i }));
        }

        return added;
    }

    /// <summary>
    /// Edits a stored submission as Kobo does (kpi <c>logger_tools._get_instance</c>: the same row gets the edit's XML and
    /// uuid): <c>_id</c>, <c>_submission_time</c> and <c>meta/rootUuid</c> stay; the old <c>meta/instanceID</c> becomes
    /// <c>meta/deprecatedID</c>; a new <c>meta/instanceID</c> is issued and <c>_uuid</c> becomes it; then
    /// <paramref name="edit"/> changes the content. Returns a copy of the edited submission (what the REST service sends).
    /// </summary>
    public JsonObject EditSubmission(string uid, long id, Action<JsonObject> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        lock (gate)
        {
            var asset = Find(uid) ?? throw new ArgumentException($"no asset '{uid}' in the fake Kobo", nameof(uid));
            var submission = asset.Submissions.Find(s => IdOf(s) == id) ?? throw new ArgumentException($"no submission {id} in asset '{uid}'", nameof(id));
            var kept = (submission["_submission_time"]?.DeepClone(), submission["meta/rootUuid"]?.DeepClone());
            var uuid = Guid.NewGuid().ToString("D");
            submission["meta/deprecatedID"] = submission["meta/instanceID"]?.DeepClone();
            submission["meta/instanceID"] = "uuid:" + uuid;
            edit(submission);
            submission["_id"] = id;
            submission["_uuid"] = uuid;
            (submission["_submission_time"], submission["meta/rootUuid"]) = kept;
            return (JsonObject)submission.DeepClone();
        }
    }

    /// <summary>Copies of the submissions stored for <paramref name="uid"/>, in <c>_id</c> order.</summary>
    public IReadOnlyList<JsonObject> Submissions(string uid)
    {
        lock (gate)
        {
            var asset = Find(uid) ?? throw new ArgumentException($"no asset '{uid}' in the fake Kobo", nameof(uid));
            return [.. asset.Submissions.Select(s => (JsonObject)s.DeepClone())];
        }
    }
}
