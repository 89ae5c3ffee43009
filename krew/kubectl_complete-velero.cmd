@echo off
rem kubectl (1.26+) runs this from PATH to complete `kubectl velero ...` arguments: it asks the
rem kubectl-velero.exe beside it (else the one on PATH) for candidates (Cobra's __complete protocol).
if exist "%~dp0kubectl-velero.exe" (
  "%~dp0kubectl-velero.exe" __complete %*
) else (
  kubectl-velero.exe __complete %*
)
