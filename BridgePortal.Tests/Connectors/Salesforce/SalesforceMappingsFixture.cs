using BridgePortal.Tests.Connectors.CommCare;

namespace BridgePortal.Tests.Connectors.Salesforce;

/// <summary>The farmer-registration mapping of docs/salesforce-mappings.md: a Household, then a Participant referencing it.</summary>
public static class SalesforceMappingsFixture
{
    public static readonly string FarmerRegistration = $$"""
        {
          "{{CommCarePayloads.FarmerRegistration}}": [
            {
              "name": "household",
              "object": "Household__c",
              "externalIdField": "Household_Ext_Id__c",
              "fields": {
                "Household_Ext_Id__c": "form.household_id",
                "Village__c": "form.household_village",
                "Size__c": "form.household_size"
              }
            },
            {
              "name": "participant",
              "object": "Participant__c",
              "externalIdField": "Participant_Ext_Id__c",
              "dependsOn": ["household"],
              "fields": {
                "Participant_Ext_Id__c": "form.farmer_id",
                "Name": "form.farmer_name",
                "Gender__c": "form.farmer_gender",
                "Age__c": "form.farmer_age",
                "Phone__c": "form.phone_number?",
                "Source__c": "=CommCare",
                "CommCare_Form_Id__c": "id",
                "Description__c": "{form.farmer_name} of household {form.household_id}"
              },
              "references": {
                "Household__r": { "fromStep": "household" }
              }
            }
          ]
        }
        """;

    /// <summary>The farmer mapping plus a one-step mapping for the training-attendance form.</summary>
    public static readonly string WithAttendance = FarmerRegistration.TrimEnd()[..^1].TrimEnd() + $$"""
        ,
          "{{CommCarePayloads.AttendanceXmlns}}": [
            {
              "name": "attendance",
              "object": "Attendance__c",
              "externalIdField": "Attendance_Ext_Id__c",
              "fields": { "Attendance_Ext_Id__c": "id", "Session__c": "form.session", "Participant_Ext_Id__c": "form.farmer_id" }
            }
          ]
        }
        """;
}
