// The ExternalDNS DNSEndpoint CRD that fedc's DNS output is checked against, as ExternalDNS ships it
// (kubernetes-sigs/external-dns config/crd/standard/dnsendpoints.externaldns.k8s.io.yaml,
// controller-gen v0.21.0; descriptions left out). Member clusters install this CRD themselves, so a
// repository rarely carries it; a CRD for DNSEndpoint in the repository takes precedence over it.
// The x-kubernetes-validations (CEL) rules are kept for reference but not evaluated: the DNS stage
// checks the same limits (compiler/schedule/dnsEndpoints.ts).
import { parse } from "yaml";
import type { JsonObject } from "../model.js";

const CRD = String.raw`
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  annotations:
    api-approved.kubernetes.io: https://github.com/kubernetes-sigs/external-dns/pull/2007
    controller-gen.kubebuilder.io/version: v0.21.0
  name: dnsendpoints.externaldns.k8s.io
spec:
  group: externaldns.k8s.io
  names:
    kind: DNSEndpoint
    listKind: DNSEndpointList
    plural: dnsendpoints
    singular: dnsendpoint
  scope: Namespaced
  versions:
    - name: v1alpha1
      schema:
        openAPIV3Schema:
          properties:
            apiVersion:
              type: string
            kind:
              type: string
            metadata:
              type: object
            spec:
              properties:
                endpoints:
                  items:
                    properties:
                      dnsName:
                        maxLength: 254
                        minLength: 1
                        pattern: ^(\*\.)?([a-zA-Z0-9_]([-a-zA-Z0-9_]{0,61}[a-zA-Z0-9_])?\.)*[a-zA-Z0-9_]([-a-zA-Z0-9_]{0,61}[a-zA-Z0-9_])?\.?$
                        type: string
                        x-kubernetes-validations:
                          - message: dnsName must be at most 253 characters, or 254 including the trailing dot
                            rule: 'self.size() <= (self.endsWith(''.'') ? 254 : 253)'
                      labels:
                        additionalProperties:
                          type: string
                        type: object
                      providerSpecific:
                        items:
                          properties:
                            name:
                              maxLength: 253
                              minLength: 1
                              type: string
                            value:
                              maxLength: 4096
                              type: string
                          required:
                            - name
                          type: object
                        maxItems: 100
                        type: array
                      recordTTL:
                        format: int64
                        maximum: 2147483647
                        minimum: 0
                        type: integer
                      recordType:
                        enum:
                          - A
                          - AAAA
                          - CNAME
                          - DNAME
                          - MX
                          - NAPTR
                          - NS
                          - PTR
                          - SRV
                          - TLSA
                          - TXT
                        type: string
                      setIdentifier:
                        maxLength: 255
                        type: string
                      targets:
                        items:
                          maxLength: 4096
                          minLength: 1
                          type: string
                        maxItems: 1000
                        type: array
                    required:
                      - dnsName
                      - recordType
                    type: object
                  maxItems: 1000
                  type: array
              type: object
            status:
              properties:
                observedGeneration:
                  format: int64
                  type: integer
              type: object
          type: object
      served: true
      storage: true
      subresources:
        status: {}
`;

let parsed: JsonObject | undefined;

/** The DNSEndpoint CustomResourceDefinition (parsed once). */
export function dnsEndpointCrd(): JsonObject {
  parsed ??= parse(CRD) as JsonObject;
  return parsed;
}
