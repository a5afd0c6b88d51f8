"""Imports that moved between Airflow 2.7+ and Airflow 3 (not a DAG)."""

try:  # Airflow 3
    from airflow.sdk import DAG, task
except ImportError:  # Airflow 2.7+
    from airflow import DAG
    from airflow.decorators import task

try:  # Airflow 3: the standard provider
    from airflow.providers.standard.operators.bash import BashOperator
except ImportError:  # Airflow 2
    from airflow.operators.bash import BashOperator

__all__ = ["DAG", "BashOperator", "task"]
