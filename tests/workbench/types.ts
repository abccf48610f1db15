/** TelCdrInfo as the TCCC cloud API (DescribeTelCdr, 2020-02-10) spells it. */
interface SeatUser {
  Name: string;
  StaffNumber: string;
  Mail: string;
  Phone: string;
  Nick: string;
  UserId: string;
}

export interface IVRKeyPressed {
  Key: string;
  Label: string;
  Timestamp?: number;
}

interface ServeParticipant {
  Mail: string;
  Phone: string;
  Type: 'staffSeat' | 'staffPhoneSeat';
  RecordURL: string;
  CustomRecordURL: string;
  SkillGroupName: string;
  Sequence: number;
  TransferFrom: string;
  TransferTo: string;
}

export interface TelCdrInfo {
  SessionId: string;
  StartTimestamp: number;
  Time: number;
  Direction: 0 | 1;
  CallType: number;
  Caller: string;
  Callee: string;
  ProtectedCaller: string;
  ProtectedCallee: string;
  Remark: string;
  EndStatus: number;
  EndStatusString: string;
  Duration: number;
  SeatUser: SeatUser | null;
  SkillGroup: string;
  SkillGroupId: number;
  PostIVRKeyPressedEx: IVRKeyPressed[];
  HungUpSide: 'seat' | 'user' | 'system';
  ServeParticipants: ServeParticipant[];
  RecordId: string;
  RecordURL: string;
  CustomRecordURL: string;
  CallerLocation: string;
  IVRDuration: number;
  QueuedTimestamp: number;
  RingTimestamp: number;
  AcceptTimestamp: number;
  EndedTimestamp: number;
  AsrUrl: string;
}

/** A generated call: the record without live links, plus what the server needs to mint them. */
export interface GeneratedCall {
  cdr: TelCdrInfo;
  /** Key of its recording on the server; null when the call never connected. */
  recordingKey: string | null;
  hasCustomRecording: boolean;
}
