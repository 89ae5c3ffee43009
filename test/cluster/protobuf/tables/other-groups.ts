// Protobuf field numbers of RBAC, networking, policy and scheduling kinds, object metadata and the runtime envelope, as
// `number:jsonName:type` entries (`~` marks a field whose JSON is inlined into its parent).
import type { MessageTable } from "../message-table.js";

/** Message layouts by qualified name (`core.v1.Container`). */
export const OTHER_MESSAGES: MessageTable = {
  "rbac.v1.AggregationRule": "1:clusterRoleSelectors:[]meta.v1.LabelSelector",
  "rbac.v1.ClusterRole":
    "1:metadata:meta.v1.ObjectMeta 2:rules:[]rbac.v1.PolicyRule 3:aggregationRule:rbac.v1.AggregationRule",
  "rbac.v1.ClusterRoleBinding":
    "1:metadata:meta.v1.ObjectMeta 2:subjects:[]rbac.v1.Subject 3:roleRef:rbac.v1.RoleRef",
  "rbac.v1.PolicyRule":
    "1:verbs:[]s 2:apiGroups:[]s 3:resources:[]s 4:resourceNames:[]s 5:nonResourceURLs:[]s",
  "rbac.v1.Role": "1:metadata:meta.v1.ObjectMeta 2:rules:[]rbac.v1.PolicyRule",
  "rbac.v1.RoleBinding":
    "1:metadata:meta.v1.ObjectMeta 2:subjects:[]rbac.v1.Subject 3:roleRef:rbac.v1.RoleRef",
  "rbac.v1.RoleRef": "1:apiGroup:s 2:kind:s 3:name:s",
  "rbac.v1.Subject": "1:kind:s 2:apiGroup:s 3:name:s 4:namespace:s",
  "networking.v1.HTTPIngressPath": "1:path:s 3:pathType:s 2:backend:networking.v1.IngressBackend",
  "networking.v1.HTTPIngressRuleValue": "1:paths:[]networking.v1.HTTPIngressPath",
  "networking.v1.IPBlock": "1:cidr:s 2:except:[]s",
  "networking.v1.Ingress":
    "1:metadata:meta.v1.ObjectMeta 2:spec:networking.v1.IngressSpec 3:status:networking.v1.IngressStatus",
  "networking.v1.IngressBackend":
    "4:service:networking.v1.IngressServiceBackend 3:resource:core.v1.TypedLocalObjectReference",
  "networking.v1.IngressLoadBalancerIngress":
    "1:ip:s 2:hostname:s 4:ports:[]networking.v1.IngressPortStatus",
  "networking.v1.IngressLoadBalancerStatus": "1:ingress:[]networking.v1.IngressLoadBalancerIngress",
  "networking.v1.IngressPortStatus": "1:port:i 2:protocol:s 3:error:s",
  "networking.v1.IngressRule": "1:host:s 2:~ingressRuleValue:networking.v1.IngressRuleValue",
  "networking.v1.IngressRuleValue": "1:http:networking.v1.HTTPIngressRuleValue",
  "networking.v1.IngressServiceBackend": "1:name:s 2:port:networking.v1.ServiceBackendPort",
  "networking.v1.IngressSpec":
    "4:ingressClassName:s 1:defaultBackend:networking.v1.IngressBackend 2:tls:[]networking.v1.IngressTLS 3:rules:[]networking.v1.IngressRule",
  "networking.v1.IngressStatus": "1:loadBalancer:networking.v1.IngressLoadBalancerStatus",
  "networking.v1.IngressTLS": "1:hosts:[]s 2:secretName:s",
  "networking.v1.NetworkPolicy":
    "1:metadata:meta.v1.ObjectMeta 2:spec:networking.v1.NetworkPolicySpec",
  "networking.v1.NetworkPolicyEgressRule":
    "1:ports:[]networking.v1.NetworkPolicyPort 2:to:[]networking.v1.NetworkPolicyPeer",
  "networking.v1.NetworkPolicyIngressRule":
    "1:ports:[]networking.v1.NetworkPolicyPort 2:from:[]networking.v1.NetworkPolicyPeer",
  "networking.v1.NetworkPolicyPeer":
    "1:podSelector:meta.v1.LabelSelector 2:namespaceSelector:meta.v1.LabelSelector 3:ipBlock:networking.v1.IPBlock",
  "networking.v1.NetworkPolicyPort": "1:protocol:s 2:port:intstr.IntOrString 3:endPort:i",
  "networking.v1.NetworkPolicySpec":
    "1:podSelector:meta.v1.LabelSelector 2:ingress:[]networking.v1.NetworkPolicyIngressRule 3:egress:[]networking.v1.NetworkPolicyEgressRule 4:policyTypes:[]s",
  "networking.v1.ServiceBackendPort": "1:name:s 2:number:i",
  "policy.v1.Eviction": "1:metadata:meta.v1.ObjectMeta 2:deleteOptions:meta.v1.DeleteOptions",
  "policy.v1.PodDisruptionBudget":
    "1:metadata:meta.v1.ObjectMeta 2:spec:policy.v1.PodDisruptionBudgetSpec 3:status:policy.v1.PodDisruptionBudgetStatus",
  "policy.v1.PodDisruptionBudgetSpec":
    "1:minAvailable:intstr.IntOrString 2:selector:meta.v1.LabelSelector 3:maxUnavailable:intstr.IntOrString 4:unhealthyPodEvictionPolicy:s",
  "policy.v1.PodDisruptionBudgetStatus":
    "1:observedGeneration:i 2:disruptedPods:{s:meta.v1.Time} 3:disruptionsAllowed:i 4:currentHealthy:i 5:desiredHealthy:i 6:expectedPods:i 7:conditions:[]meta.v1.Condition",
  "scheduling.v1.PriorityClass":
    "1:metadata:meta.v1.ObjectMeta 2:value:i 3:globalDefault:b 4:description:s 5:preemptionPolicy:s",
  "meta.v1.Condition":
    "1:type:s 2:status:s 3:observedGeneration:i 4:lastTransitionTime:meta.v1.Time 5:reason:s 6:message:s",
  "meta.v1.DeleteOptions":
    "1:gracePeriodSeconds:i 2:preconditions:meta.v1.Preconditions 3:orphanDependents:b 4:propagationPolicy:s 5:dryRun:[]s 6:ignoreStoreReadErrorWithClusterBreakingPotential:b",
  "meta.v1.LabelSelector":
    "1:matchLabels:{s:s} 2:matchExpressions:[]meta.v1.LabelSelectorRequirement",
  "meta.v1.LabelSelectorRequirement": "1:key:s 2:operator:s 3:values:[]s",
  "meta.v1.ManagedFieldsEntry":
    "1:manager:s 2:operation:s 3:apiVersion:s 4:time:meta.v1.Time 6:fieldsType:s 7:fieldsV1:meta.v1.FieldsV1 8:subresource:s",
  "meta.v1.ObjectMeta":
    "1:name:s 2:generateName:s 3:namespace:s 4:selfLink:s 5:uid:s 6:resourceVersion:s 7:generation:i 8:creationTimestamp:meta.v1.Time 9:deletionTimestamp:meta.v1.Time 10:deletionGracePeriodSeconds:i 11:labels:{s:s} 12:annotations:{s:s} 13:ownerReferences:[]meta.v1.OwnerReference 14:finalizers:[]s 17:managedFields:[]meta.v1.ManagedFieldsEntry",
  "meta.v1.OwnerReference":
    "5:apiVersion:s 1:kind:s 3:name:s 4:uid:s 6:controller:b 7:blockOwnerDeletion:b",
  "meta.v1.Preconditions": "1:uid:s 2:resourceVersion:s",
  "runtime.TypeMeta": "1:apiVersion:s 2:kind:s",
  "runtime.Unknown": "1:typeMeta:runtime.TypeMeta 2:raw:y 3:contentEncoding:s 4:contentType:s",
};
