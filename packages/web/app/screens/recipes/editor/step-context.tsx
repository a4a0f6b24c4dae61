import { createContext, useContext } from 'react';
import type { Datapill } from './datapills.ts';
import type { SlotState } from './slot-connection.ts';

/**
 * What the custom form widgets of one step's form need beyond rjsf's props: the slot's connection
 * (pick lists load through it), the other inputs (a list's parameters come from them), the datapills
 * of earlier steps, and the way to the Connections tab. Given by context so the widget components
 * stay the same between renders (a widget type created per render would remount and lose focus).
 */
export interface StepFormContext {
  slot: SlotState | null;
  /** The step's current input: pick list parameters are read from it. */
  input: Record<string, unknown>;
  pills: readonly Datapill[];
  openConnectionsTab: () => void;
}

const Context = createContext<StepFormContext>({ slot: null, input: {}, pills: [], openConnectionsTab: () => {} });
export const StepFormProvider = Context.Provider;
export const useStepForm = () => useContext(Context);
