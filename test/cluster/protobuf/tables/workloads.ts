// Protobuf field numbers of the apps/v1 and batch/v1 workload kinds, as
// `number:jsonName:type` entries (`~` marks a field whose JSON is inlined into its parent).
import type { MessageTable } from "../message-table.js";

/** Message layouts by qualified name (`core.v1.Container`). */
export const WORKLOAD_MESSAGES: MessageTable = {
  "apps.v1.DaemonSet":
    "1:metadata:meta.v1.ObjectMeta 2:spec:apps.v1.DaemonSetSpec 3:status:apps.v1.DaemonSetStatus",
  "apps.v1.DaemonSetCondition":
    "1:type:s 2:status:s 3:lastTransitionTime:meta.v1.Time 4:reason:s 5:message:s",
  "apps.v1.DaemonSetSpec":
    "1:selector:meta.v1.LabelSelector 2:template:core.v1.PodTemplateSpec 3:updateStrategy:apps.v1.DaemonSetUpdateStrategy 4:minReadySeconds:i 6:revisionHistoryLimit:i",
  "apps.v1.DaemonSetStatus":
    "1:currentNumberScheduled:i 2:numberMisscheduled:i 3:desiredNumberScheduled:i 4:numberReady:i 5:observedGeneration:i 6:updatedNumberScheduled:i 7:numberAvailable:i 8:numberUnavailable:i 9:collisionCount:i 10:conditions:[]apps.v1.DaemonSetCondition",
  "apps.v1.DaemonSetUpdateStrategy": "1:type:s 2:rollingUpdate:apps.v1.RollingUpdateDaemonSet",
  "apps.v1.Deployment":
    "1:metadata:meta.v1.ObjectMeta 2:spec:apps.v1.DeploymentSpec 3:status:apps.v1.DeploymentStatus",
  "apps.v1.DeploymentCondition":
    "1:type:s 2:status:s 6:lastUpdateTime:meta.v1.Time 7:lastTransitionTime:meta.v1.Time 4:reason:s 5:message:s",
  "apps.v1.DeploymentSpec":
    "1:replicas:i 2:selector:meta.v1.LabelSelector 3:template:core.v1.PodTemplateSpec 4:strategy:apps.v1.DeploymentStrategy 5:minReadySeconds:i 6:revisionHistoryLimit:i 7:paused:b 9:progressDeadlineSeconds:i",
  "apps.v1.DeploymentStatus":
    "1:observedGeneration:i 2:replicas:i 3:updatedReplicas:i 7:readyReplicas:i 4:availableReplicas:i 5:unavailableReplicas:i 9:terminatingReplicas:i 6:conditions:[]apps.v1.DeploymentCondition 8:collisionCount:i",
  "apps.v1.DeploymentStrategy": "1:type:s 2:rollingUpdate:apps.v1.RollingUpdateDeployment",
  "apps.v1.ReplicaSet":
    "1:metadata:meta.v1.ObjectMeta 2:spec:apps.v1.ReplicaSetSpec 3:status:apps.v1.ReplicaSetStatus",
  "apps.v1.ReplicaSetCondition":
    "1:type:s 2:status:s 3:lastTransitionTime:meta.v1.Time 4:reason:s 5:message:s",
  "apps.v1.ReplicaSetSpec":
    "1:replicas:i 4:minReadySeconds:i 2:selector:meta.v1.LabelSelector 3:template:core.v1.PodTemplateSpec",
  "apps.v1.ReplicaSetStatus":
    "1:replicas:i 2:fullyLabeledReplicas:i 4:readyReplicas:i 5:availableReplicas:i 7:terminatingReplicas:i 3:observedGeneration:i 6:conditions:[]apps.v1.ReplicaSetCondition",
  "apps.v1.RollingUpdateDaemonSet":
    "1:maxUnavailable:intstr.IntOrString 2:maxSurge:intstr.IntOrString",
  "apps.v1.RollingUpdateDeployment":
    "1:maxUnavailable:intstr.IntOrString 2:maxSurge:intstr.IntOrString",
  "apps.v1.RollingUpdateStatefulSetStrategy": "1:partition:i 2:maxUnavailable:intstr.IntOrString",
  "apps.v1.StatefulSet":
    "1:metadata:meta.v1.ObjectMeta 2:spec:apps.v1.StatefulSetSpec 3:status:apps.v1.StatefulSetStatus",
  "apps.v1.StatefulSetCondition":
    "1:type:s 2:status:s 3:lastTransitionTime:meta.v1.Time 4:reason:s 5:message:s",
  "apps.v1.StatefulSetOrdinals": "1:start:i",
  "apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy": "1:whenDeleted:s 2:whenScaled:s",
  "apps.v1.StatefulSetSpec":
    "1:replicas:i 2:selector:meta.v1.LabelSelector 3:template:core.v1.PodTemplateSpec 4:volumeClaimTemplates:[]core.v1.PersistentVolumeClaim 5:serviceName:s 6:podManagementPolicy:s 7:updateStrategy:apps.v1.StatefulSetUpdateStrategy 8:revisionHistoryLimit:i 9:minReadySeconds:i 10:persistentVolumeClaimRetentionPolicy:apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy 11:ordinals:apps.v1.StatefulSetOrdinals",
  "apps.v1.StatefulSetStatus":
    "1:observedGeneration:i 2:replicas:i 3:readyReplicas:i 4:currentReplicas:i 5:updatedReplicas:i 6:currentRevision:s 7:updateRevision:s 9:collisionCount:i 10:conditions:[]apps.v1.StatefulSetCondition 11:availableReplicas:i",
  "apps.v1.StatefulSetUpdateStrategy":
    "1:type:s 2:rollingUpdate:apps.v1.RollingUpdateStatefulSetStrategy",
  "batch.v1.CronJob":
    "1:metadata:meta.v1.ObjectMeta 2:spec:batch.v1.CronJobSpec 3:status:batch.v1.CronJobStatus",
  "batch.v1.CronJobSpec":
    "1:schedule:s 8:timeZone:s 2:startingDeadlineSeconds:i 3:concurrencyPolicy:s 4:suspend:b 5:jobTemplate:batch.v1.JobTemplateSpec 6:successfulJobsHistoryLimit:i 7:failedJobsHistoryLimit:i",
  "batch.v1.CronJobStatus":
    "1:active:[]core.v1.ObjectReference 4:lastScheduleTime:meta.v1.Time 5:lastSuccessfulTime:meta.v1.Time",
  "batch.v1.Job":
    "1:metadata:meta.v1.ObjectMeta 2:spec:batch.v1.JobSpec 3:status:batch.v1.JobStatus",
  "batch.v1.JobCondition":
    "1:type:s 2:status:s 3:lastProbeTime:meta.v1.Time 4:lastTransitionTime:meta.v1.Time 5:reason:s 6:message:s",
  "batch.v1.JobSchedulingConfiguration":
    "1:schedulingPolicy:scheduling.v1alpha3.WorkloadPodGroupSchedulingPolicy 2:schedulingConstraints:scheduling.v1alpha3.WorkloadPodGroupSchedulingConstraints 3:disruptionMode:scheduling.v1alpha3.WorkloadPodGroupDisruptionMode 4:resourceClaims:[]scheduling.v1alpha3.WorkloadPodGroupResourceClaim",
  "batch.v1.JobSpec":
    "1:parallelism:i 2:completions:i 3:activeDeadlineSeconds:i 11:podFailurePolicy:batch.v1.PodFailurePolicy 16:successPolicy:batch.v1.SuccessPolicy 7:backoffLimit:i 12:backoffLimitPerIndex:i 13:maxFailedIndexes:i 4:selector:meta.v1.LabelSelector 5:manualSelector:b 6:template:core.v1.PodTemplateSpec 8:ttlSecondsAfterFinished:i 9:completionMode:s 10:suspend:b 14:podReplacementPolicy:s 15:managedBy:s 17:scheduling:batch.v1.JobSchedulingConfiguration",
  "batch.v1.JobStatus":
    "1:conditions:[]batch.v1.JobCondition 2:startTime:meta.v1.Time 3:completionTime:meta.v1.Time 4:active:i 5:succeeded:i 6:failed:i 11:terminating:i 7:completedIndexes:s 10:failedIndexes:s 8:uncountedTerminatedPods:batch.v1.UncountedTerminatedPods 9:ready:i",
  "batch.v1.JobTemplateSpec": "1:metadata:meta.v1.ObjectMeta 2:spec:batch.v1.JobSpec",
  "batch.v1.PodFailurePolicy": "1:rules:[]batch.v1.PodFailurePolicyRule",
  "batch.v1.PodFailurePolicyOnExitCodesRequirement": "1:containerName:s 2:operator:s 3:values:[]i",
  "batch.v1.PodFailurePolicyOnPodConditionsPattern": "1:type:s 2:status:s",
  "batch.v1.PodFailurePolicyRule":
    "1:action:s 2:onExitCodes:batch.v1.PodFailurePolicyOnExitCodesRequirement 3:onPodConditions:[]batch.v1.PodFailurePolicyOnPodConditionsPattern",
  "batch.v1.SuccessPolicy": "1:rules:[]batch.v1.SuccessPolicyRule",
  "batch.v1.SuccessPolicyRule": "1:succeededIndexes:s 2:succeededCount:i",
  "batch.v1.UncountedTerminatedPods": "1:succeeded:[]s 2:failed:[]s",
};
