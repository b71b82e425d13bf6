using System.Text.Json.Nodes;
using BridgePortal.Connectors.CommCare.Cases;

namespace BridgePortal.Tests.Connectors.Salesforce;

/// <summary>
/// Salesforce records as the REST API returns them (<c>attributes</c>, 18-character <c>Id</c>, <c>LastModifiedDate</c>
/// like <c>2026-03-04T10:15:00.000+0000</c>, parent fields under <c>…__r</c>) for the five programme objects, and
/// the case mappings of docs/salesforce-to-commcare.md.
/// </summary>
public static class SalesforcePayloads
{
    public const string OwnerId = "f3a9c2e41b7d4e08a6c5d2b1e0f9a8c7";

    public const string Mappings = """
        {
          "Participant__c": {
            "caseType": "participant",
            "caseName": "Name",
            "ownerId": "f3a9c2e41b7d4e08a6c5d2b1e0f9a8c7",
            "properties": {
              "first_name": "First_Name__c",
              "last_name": "Last_Name__c",
              "gender": "Gender__c",
              "age": "Age__c",
              "phone_number": "Phone_Number__c",
              "status": "Status__c",
              "training_group_name": "Training_Group__r.Name"
            },
            "indices": { "parent": { "caseType": "training_group", "field": "Training_Group__c" } }
          },
          "Training_Group__c": {
            "caseType": "training_group",
            "caseName": "Name",
            "ownerId": "f3a9c2e41b7d4e08a6c5d2b1e0f9a8c7",
            "properties": { "group_status": "Group_Status__c", "village": "Village__c" },
            "indices": { "trainer": { "caseType": "project_role", "field": "Responsible_Staff__c", "relationship": "extension" } }
          },
          "Training_Session__c": {
            "caseType": "training_session",
            "caseName": "Name",
            "ownerId": "f3a9c2e41b7d4e08a6c5d2b1e0f9a8c7",
            "properties": { "session_date": "Date__c", "module": "Module_Name__c", "male_attendance": "Male_Attendance__c", "female_attendance": "Female_Attendance__c" },
            "indices": { "parent": { "caseType": "training_group", "field": "Training_Group__c" } }
          },
          "Project_Role__c": {
            "caseType": "project_role",
            "caseName": "Staff_Name__c",
            "ownerField": "CommCare_User_Id__c",
            "ownerId": "f3a9c2e41b7d4e08a6c5d2b1e0f9a8c7",
            "properties": { "role": "Role__c", "email": "Email__c" }
          },
          "Household_Sampling__c": {
            "caseType": "household_sampling",
            "caseName": "Name",
            "ownerId": "f3a9c2e41b7d4e08a6c5d2b1e0f9a8c7",
            "properties": { "sampled_on": "Sampling_Date__c", "household_number": "Household_Number__c", "selected": "Selected_For_Visit__c" },
            "indices": { "parent": { "caseType": "training_group", "field": "Training_Group__c" } }
          }
        }
        """;

    /// <summary>The 18-character Id number <paramref name="n"/> of an object with key prefix <paramref name="prefix"/>.</summary>
    public static string Id(string prefix, int n) => SalesforceIds.Normalize($"{prefix}5g0000{n:D6}")!;

    public static JsonObject Record(string type, string id, JsonObject fields, string modified = "2026-03-04T10:15:00.000+0000")
    {
        var record = new JsonObject
        {
            ["attributes"] = new JsonObject { ["type"] = type, ["url"] = $"/services/data/v62.0/sobjects/{type}/{id}" },
            ["Id"] = id,
        };
        foreach (var (key, value) in fields)
        {
            record[key] = value?.DeepClone();
        }

        record["LastModifiedDate"] = modified;
        return record;
    }

    public static JsonObject Participant(int n, int group = 1, string? firstName = null) => Record("Participant__c", Id("a0P", n), new JsonObject
    {
        ["Name"] = $"{firstName ?? "Amina"} Okello {n}",
        ["First_Name__c"] = firstName ?? "Amina",
        ["Last_Name__c"] = "Okello",
        ["Gender__c"] = "Female",
        ["Age__c"] = 34,
        ["Phone_Number__c"] = "+256 772 000 " + n.ToString("D3", System.Globalization.CultureInfo.InvariantCulture),
        ["Status__c"] = "Active",
        ["Training_Group__c"] = Id("a0G", group),
        ["Training_Group__r"] = new JsonObject { ["attributes"] = new JsonObject { ["type"] = "Training_Group__c" }, ["Name"] = $"TG-Kapchorwa-{group:D2}" },
    });

    public static JsonObject TrainingGroup(int n, int trainer = 1) => Record("Training_Group__c", Id("a0G", n), new JsonObject
    {
        ["Name"] = $"TG-Kapchorwa-{n:D2}",
        ["Group_Status__c"] = "Active",
        ["Village__c"] = "Kaptanya",
        ["Responsible_Staff__c"] = Id("a0R", trainer),
    });

    public static JsonObject TrainingSession(int n, int group = 1) => Record("Training_Session__c", Id("a0S", n), new JsonObject
    {
        ["Name"] = $"Session {n}: Coffee nutrition",
        ["Date__c"] = "2026-03-02",
        ["Module_Name__c"] = "Coffee nutrition",
        ["Male_Attendance__c"] = 12,
        ["Female_Attendance__c"] = 17,
        ["Training_Group__c"] = Id("a0G", group),
    });

    public static JsonObject ProjectRole(int n, string? commCareUserId = "9e8d7c6b5a4f4e3d2c1b0a9f8e7d6c5b") => Record("Project_Role__c", Id("a0R", n), new JsonObject
    {
        ["Name"] = $"PR-{n:D5}",
        ["Staff_Name__c"] = "Joseph Chelimo",
        ["Role__c"] = "Farmer Trainer",
        ["Email__c"] = "j.chelimo@example.org",
        ["CommCare_User_Id__c"] = commCareUserId,
    });

    public static JsonObject HouseholdSampling(int n, int group = 1) => Record("Household_Sampling__c", Id("a0H", n), new JsonObject
    {
        ["Name"] = $"HS-{n:D5}",
        ["Sampling_Date__c"] = "2026-02-20",
        ["Household_Number__c"] = $"HH-{n:D4}",
        ["Selected_For_Visit__c"] = true,
        ["Training_Group__c"] = Id("a0G", group),
    });
}
