import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./src/policies";

// Mandatory by default; config/staging.json turns every policy advisory and sets environment staging.
new PolicyPack("milvus-eks", {
    description: "Guard rails for milvus-eks: encryption, private networking, node floors, Milvus release, capacity, protection.",
    enforcementLevel: "mandatory",
    policies: allPolicies,
});
