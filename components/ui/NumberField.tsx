'use client';

import type { ReactNode } from 'react';
import styles from './NumberField.module.css';

export interface NumberFieldProps {
  label: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  min?: number;
  max?: number;
  step?: number;
  unit?: string;
  disabled?: boolean;
  placeholder?: string;
}

/** A labelled number input where empty means "not set". */
export function NumberField({
  label,
  value,
  onChange,
  min,
  max,
  step,
  unit,
  disabled,
  placeholder,
}: NumberFieldProps): ReactNode {
  return (
    <label className="field">
      <span>{label}</span>
      <span className={styles.fieldInput}>
        <input
          type="number"
          value={value ?? ''}
          min={min}
          max={max}
          step={step ?? 1}
          placeholder={placeholder ?? 'not set'}
          disabled={disabled}
          onChange={(event) =>
            onChange(event.target.value === '' ? undefined : Number(event.target.value))
          }
        />
        {unit && <span className="muted">{unit}</span>}
      </span>
    </label>
  );
}

/** A share of requests, 0–100 % in tenths; empty means "not set". */
export function PercentField(
  props: Omit<NumberFieldProps, 'unit' | 'min' | 'max' | 'step'>,
): ReactNode {
  return <NumberField {...props} unit="%" min={0} max={100} step={0.1} />;
}
