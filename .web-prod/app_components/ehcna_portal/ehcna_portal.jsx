
import {ReflexEvent,applyEventActions,getFormData,getRefValue,getRefValues,isTrue,mergeSlotProps,pyStrLength,refs} from "$/utils/state"
import {addEvents} from "$/utils/context"
import {Fragment,memo,useCallback,useEffect,useRef} from "react"
import {jsx} from "@emotion/react"
import {useStateContext} from "$/utils/context-registry"
import {Link as ReactRouterLink} from "react-router"








export const Button_button_5d8de45acbb8e34a1fd4f9d4eebe813d_1de60b20 = /*#__PURE__*/ (() => {
const Button_button_5d8de45acbb8e34a1fd4f9d4eebe813d_1de60b20 = memo(({children, ...rest}) => {
    const on_click_4712a291c57f2cca99cbb41c78c2132f = useCallback(((_e) => (addEvents([(ReflexEvent("reflex___state____state.ehcna_portal___state___dev____dev_mailbox_state.load", ({  }), ({  })))], [_e], ({  })))), [addEvents, ReflexEvent])
    return(
        jsx("button",{...mergeSlotProps(rest, ({ className:"govuk-button govuk-button--secondary", onClick:on_click_4712a291c57f2cca99cbb41c78c2132f, type:"button" }))},children)
    )
});
Button_button_5d8de45acbb8e34a1fd4f9d4eebe813d_1de60b20.displayName = "Button";
return Button_button_5d8de45acbb8e34a1fd4f9d4eebe813d_1de60b20;
})();

export const Foreach_comp_b5a958a3f1325bfa24fe050a5d0bd1f6_1de60b20 = /*#__PURE__*/ (() => {
const Foreach_comp_b5a958a3f1325bfa24fe050a5d0bd1f6_1de60b20 = memo(({children}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_mailbox_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_mailbox_state")
    return(
        Array.prototype.map.call(reflex___state____state__ehcna_portal___state___dev____dev_mailbox_state.messages_rx_state_ ?? [],((entry_rx_state_,index_0c83b44845a2eeb7f3befa718b946b59)=>(jsx("article",{className:"app-mail","data-testid":"mail",key:index_0c83b44845a2eeb7f3befa718b946b59},jsx("h2",{className:"govuk-heading-m"},entry_rx_state_?.["subject"]),jsx("dl",{className:"govuk-summary-list"},jsx("div",{className:"govuk-summary-list__row"},jsx("dt",{className:"govuk-summary-list__key"},"To"),jsx("dd",{className:"govuk-summary-list__value"},entry_rx_state_?.["recipient"])),jsx("div",{className:"govuk-summary-list__row"},jsx("dt",{className:"govuk-summary-list__key"},"Status"),jsx("dd",{className:"govuk-summary-list__value"},jsx("strong",{className:"govuk-tag govuk-tag--green"},entry_rx_state_?.["status"]))),jsx("div",{className:"govuk-summary-list__row"},jsx("dt",{className:"govuk-summary-list__key"},"Queued"),jsx("dd",{className:"govuk-summary-list__value"},entry_rx_state_?.["queued"])),jsx("div",{className:"govuk-summary-list__row"},jsx("dt",{className:"govuk-summary-list__key"},"Links in this email"),jsx("dd",{className:"govuk-summary-list__value"},jsx("ul",{className:"govuk-list"},Array.prototype.map.call(entry_rx_state_?.["links"] ?? [],((link_rx_state_,index_e2f009ea7da02f5dc2fa18728f689e63)=>(jsx("li",{key:index_e2f009ea7da02f5dc2fa18728f689e63},jsx(ReactRouterLink,{className:"govuk-link",to:link_rx_state_},link_rx_state_))))))))),jsx("details",{className:"govuk-details"},jsx("summary",{className:"govuk-details__summary"},jsx("span",{className:"govuk-details__summary-text"},"Plain text part")),jsx("div",{className:"govuk-details__text"},jsx("pre",{className:"app-mail-text"},entry_rx_state_?.["text"]))),jsx("details",{className:"govuk-details"},jsx("summary",{className:"govuk-details__summary"},jsx("span",{className:"govuk-details__summary-text"},"HTML part")),jsx("div",{className:"govuk-details__text"},jsx("iframe",{className:"app-mail-html",sandbox:"",srcDoc:entry_rx_state_?.["html"],title:"HTML part of the email"},))),jsx("hr",{className:"govuk-section-break govuk-section-break--l govuk-section-break--visible"},)))))
    )
});
Foreach_comp_b5a958a3f1325bfa24fe050a5d0bd1f6_1de60b20.displayName = "Foreach";
return Foreach_comp_b5a958a3f1325bfa24fe050a5d0bd1f6_1de60b20;
})();

export const Cond_comp_3a32ba9bdf2fa4b905a8f3103979faec_1de60b20 = /*#__PURE__*/ (() => {
const Cond_comp_3a32ba9bdf2fa4b905a8f3103979faec_1de60b20 = memo(({children}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_mailbox_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_mailbox_state")
    return(
        ((reflex___state____state__ehcna_portal___state___dev____dev_mailbox_state.messages_rx_state_.length > 0)?(children?.at?.(0)):(children?.at?.(1)))
    )
});
Cond_comp_3a32ba9bdf2fa4b905a8f3103979faec_1de60b20.displayName = "Cond";
return Cond_comp_3a32ba9bdf2fa4b905a8f3103979faec_1de60b20;
})();

export const Foreach_comp_f70fa5a432ce4c0883e7056c813d195b_1de60b20 = /*#__PURE__*/ (() => {
const Foreach_comp_f70fa5a432ce4c0883e7056c813d195b_1de60b20 = memo(({children}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        Array.prototype.map.call(reflex___state____state__ehcna_portal___state___dev____dev_components_state.error_list_rx_state_ ?? [],((error_rx_state_,index_b9bc9a735be03f7dc0eadf0fd4a9cf73)=>(jsx("li",{key:index_b9bc9a735be03f7dc0eadf0fd4a9cf73},jsx("a",{href:("#"+error_rx_state_?.["field"])},error_rx_state_?.["message"])))))
    )
});
Foreach_comp_f70fa5a432ce4c0883e7056c813d195b_1de60b20.displayName = "Foreach";
return Foreach_comp_f70fa5a432ce4c0883e7056c813d195b_1de60b20;
})();

export const Cond_comp_28e68c67af056b059940458fc43f91be_1de60b20 = /*#__PURE__*/ (() => {
const Cond_comp_28e68c67af056b059940458fc43f91be_1de60b20 = memo(({children}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        ((reflex___state____state__ehcna_portal___state___dev____dev_components_state.error_list_rx_state_.length > 0)?(children?.at?.(0)):(children?.at?.(1)))
    )
});
Cond_comp_28e68c67af056b059940458fc43f91be_1de60b20.displayName = "Cond";
return Cond_comp_28e68c67af056b059940458fc43f91be_1de60b20;
})();

export const Bare_comp_ef48fd615dab29bc0a12555c7d000e76_1de60b20 = /*#__PURE__*/ (() => {
const Bare_comp_ef48fd615dab29bc0a12555c7d000e76_1de60b20 = memo(({children}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["full-name"]
    )
});
Bare_comp_ef48fd615dab29bc0a12555c7d000e76_1de60b20.displayName = "Bare";
return Bare_comp_ef48fd615dab29bc0a12555c7d000e76_1de60b20;
})();

export const Cond_comp_38d6af6df3131c6883ebe6cc966546bb_1de60b20 = /*#__PURE__*/ (() => {
const Cond_comp_38d6af6df3131c6883ebe6cc966546bb_1de60b20 = memo(({children}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        (isTrue(reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["full-name"])?(children?.at?.(0)):(children?.at?.(1)))
    )
});
Cond_comp_38d6af6df3131c6883ebe6cc966546bb_1de60b20.displayName = "Cond";
return Cond_comp_38d6af6df3131c6883ebe6cc966546bb_1de60b20;
})();

export const Input_input_f117449bfd014a39316a4f3394addc04_1de60b20 = /*#__PURE__*/ (() => {
const Input_input_f117449bfd014a39316a4f3394addc04_1de60b20 = memo(({children, ...rest}) => {
    const ref_full_name = useRef(null); refs["ref_full_name"] = ref_full_name;
const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        jsx("input",{...mergeSlotProps(rest, ({ "aria-describedby":(isTrue(reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["full-name"]) ? "full-name-hint full-name-error" : "full-name-hint"), autoComplete:"name", className:(isTrue(reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["full-name"]) ? "govuk-input govuk-input--error" : "govuk-input"), id:"full-name", name:"full-name", ref:ref_full_name, spellCheck:false, type:"text" }))},)
    )
});
Input_input_f117449bfd014a39316a4f3394addc04_1de60b20.displayName = "Input";
return Input_input_f117449bfd014a39316a4f3394addc04_1de60b20;
})();

export const Div_div_641a38f45e5ed2bd3e11f3b97b335dd9_1de60b20 = /*#__PURE__*/ (() => {
const Div_div_641a38f45e5ed2bd3e11f3b97b335dd9_1de60b20 = memo(({children, ...rest}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        jsx("div",{...mergeSlotProps(rest, ({ className:(isTrue(reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["full-name"]) ? "govuk-form-group govuk-form-group--error" : "govuk-form-group") }))},children)
    )
});
Div_div_641a38f45e5ed2bd3e11f3b97b335dd9_1de60b20.displayName = "Div";
return Div_div_641a38f45e5ed2bd3e11f3b97b335dd9_1de60b20;
})();

export const Bare_comp_d85496bb705efed03295d83bbecb055b_1de60b20 = /*#__PURE__*/ (() => {
const Bare_comp_d85496bb705efed03295d83bbecb055b_1de60b20 = memo(({children}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["contact"]
    )
});
Bare_comp_d85496bb705efed03295d83bbecb055b_1de60b20.displayName = "Bare";
return Bare_comp_d85496bb705efed03295d83bbecb055b_1de60b20;
})();

export const Cond_comp_6ad95096180b39b0d5f41a86afe12f56_1de60b20 = /*#__PURE__*/ (() => {
const Cond_comp_6ad95096180b39b0d5f41a86afe12f56_1de60b20 = memo(({children}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        (isTrue(reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["contact"])?(children?.at?.(0)):(children?.at?.(1)))
    )
});
Cond_comp_6ad95096180b39b0d5f41a86afe12f56_1de60b20.displayName = "Cond";
return Cond_comp_6ad95096180b39b0d5f41a86afe12f56_1de60b20;
})();

export const Fieldset_fieldset_31f0f4361585712e90d2740967567f7c_1de60b20 = /*#__PURE__*/ (() => {
const Fieldset_fieldset_31f0f4361585712e90d2740967567f7c_1de60b20 = memo(({children, ...rest}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        jsx("fieldset",{...mergeSlotProps(rest, ({ "aria-describedby":(isTrue(reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["contact"]) ? "contact-error" : null), className:"govuk-fieldset" }))},children)
    )
});
Fieldset_fieldset_31f0f4361585712e90d2740967567f7c_1de60b20.displayName = "Fieldset";
return Fieldset_fieldset_31f0f4361585712e90d2740967567f7c_1de60b20;
})();

export const Div_div_87f93e4f1cb9867a33d3af1cf501dc6a_1de60b20 = /*#__PURE__*/ (() => {
const Div_div_87f93e4f1cb9867a33d3af1cf501dc6a_1de60b20 = memo(({children, ...rest}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        jsx("div",{...mergeSlotProps(rest, ({ className:(isTrue(reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["contact"]) ? "govuk-form-group govuk-form-group--error" : "govuk-form-group") }))},children)
    )
});
Div_div_87f93e4f1cb9867a33d3af1cf501dc6a_1de60b20.displayName = "Div";
return Div_div_87f93e4f1cb9867a33d3af1cf501dc6a_1de60b20;
})();

export const Bare_comp_66915b6a238b8bf9d53cd2b38c3e85d4_1de60b20 = /*#__PURE__*/ (() => {
const Bare_comp_66915b6a238b8bf9d53cd2b38c3e85d4_1de60b20 = memo(({children}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["needs"]
    )
});
Bare_comp_66915b6a238b8bf9d53cd2b38c3e85d4_1de60b20.displayName = "Bare";
return Bare_comp_66915b6a238b8bf9d53cd2b38c3e85d4_1de60b20;
})();

export const Cond_comp_893f6bf9ae73dfec2f80348fbe39e9d9_1de60b20 = /*#__PURE__*/ (() => {
const Cond_comp_893f6bf9ae73dfec2f80348fbe39e9d9_1de60b20 = memo(({children}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        (isTrue(reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["needs"])?(children?.at?.(0)):(children?.at?.(1)))
    )
});
Cond_comp_893f6bf9ae73dfec2f80348fbe39e9d9_1de60b20.displayName = "Cond";
return Cond_comp_893f6bf9ae73dfec2f80348fbe39e9d9_1de60b20;
})();

export const Fieldset_fieldset_4d43c4972e1dc6a47f24113e570235f1_1de60b20 = /*#__PURE__*/ (() => {
const Fieldset_fieldset_4d43c4972e1dc6a47f24113e570235f1_1de60b20 = memo(({children, ...rest}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        jsx("fieldset",{...mergeSlotProps(rest, ({ "aria-describedby":(isTrue(reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["needs"]) ? "needs-hint needs-error" : "needs-hint"), className:"govuk-fieldset" }))},children)
    )
});
Fieldset_fieldset_4d43c4972e1dc6a47f24113e570235f1_1de60b20.displayName = "Fieldset";
return Fieldset_fieldset_4d43c4972e1dc6a47f24113e570235f1_1de60b20;
})();

export const Div_div_2990d1575b5f179e547b7a134c1c6843_1de60b20 = /*#__PURE__*/ (() => {
const Div_div_2990d1575b5f179e547b7a134c1c6843_1de60b20 = memo(({children, ...rest}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        jsx("div",{...mergeSlotProps(rest, ({ className:(isTrue(reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["needs"]) ? "govuk-form-group govuk-form-group--error" : "govuk-form-group") }))},children)
    )
});
Div_div_2990d1575b5f179e547b7a134c1c6843_1de60b20.displayName = "Div";
return Div_div_2990d1575b5f179e547b7a134c1c6843_1de60b20;
})();

export const Bare_comp_c6ab5ebab81cc0f145cba4a298f19d34_1de60b20 = /*#__PURE__*/ (() => {
const Bare_comp_c6ab5ebab81cc0f145cba4a298f19d34_1de60b20 = memo(({children}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["dob"]
    )
});
Bare_comp_c6ab5ebab81cc0f145cba4a298f19d34_1de60b20.displayName = "Bare";
return Bare_comp_c6ab5ebab81cc0f145cba4a298f19d34_1de60b20;
})();

export const Cond_comp_f310692e91104589dbe15231e65b2a1a_1de60b20 = /*#__PURE__*/ (() => {
const Cond_comp_f310692e91104589dbe15231e65b2a1a_1de60b20 = memo(({children}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        (isTrue(reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["dob"])?(children?.at?.(0)):(children?.at?.(1)))
    )
});
Cond_comp_f310692e91104589dbe15231e65b2a1a_1de60b20.displayName = "Cond";
return Cond_comp_f310692e91104589dbe15231e65b2a1a_1de60b20;
})();

export const Input_input_dfd4b2018eac9b2a095d63fc96a57eef_1de60b20 = /*#__PURE__*/ (() => {
const Input_input_dfd4b2018eac9b2a095d63fc96a57eef_1de60b20 = memo(({children, ...rest}) => {
    const ref_dob = useRef(null); refs["ref_dob"] = ref_dob;
const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        jsx("input",{...mergeSlotProps(rest, ({ className:(isTrue(reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["dob"]) ? "govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error" : "govuk-input govuk-date-input__input govuk-input--width-2"), defaultValue:"", id:"dob", inputMode:"numeric", name:"dob-day", ref:ref_dob, type:"text" }))},)
    )
});
Input_input_dfd4b2018eac9b2a095d63fc96a57eef_1de60b20.displayName = "Input";
return Input_input_dfd4b2018eac9b2a095d63fc96a57eef_1de60b20;
})();

export const Input_input_82f0725c23ac61348272093e211b35d9_1de60b20 = /*#__PURE__*/ (() => {
const Input_input_82f0725c23ac61348272093e211b35d9_1de60b20 = memo(({children, ...rest}) => {
    const ref_dob_month = useRef(null); refs["ref_dob_month"] = ref_dob_month;
const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        jsx("input",{...mergeSlotProps(rest, ({ className:(isTrue(reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["dob"]) ? "govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error" : "govuk-input govuk-date-input__input govuk-input--width-2"), defaultValue:"", id:"dob-month", inputMode:"numeric", name:"dob-month", ref:ref_dob_month, type:"text" }))},)
    )
});
Input_input_82f0725c23ac61348272093e211b35d9_1de60b20.displayName = "Input";
return Input_input_82f0725c23ac61348272093e211b35d9_1de60b20;
})();

export const Input_input_1e96c86c330ee08628fad5dac74846d4_1de60b20 = /*#__PURE__*/ (() => {
const Input_input_1e96c86c330ee08628fad5dac74846d4_1de60b20 = memo(({children, ...rest}) => {
    const ref_dob_year = useRef(null); refs["ref_dob_year"] = ref_dob_year;
const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        jsx("input",{...mergeSlotProps(rest, ({ className:(isTrue(reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["dob"]) ? "govuk-input govuk-date-input__input govuk-input--width-4 govuk-input--error" : "govuk-input govuk-date-input__input govuk-input--width-4"), defaultValue:"", id:"dob-year", inputMode:"numeric", name:"dob-year", ref:ref_dob_year, type:"text" }))},)
    )
});
Input_input_1e96c86c330ee08628fad5dac74846d4_1de60b20.displayName = "Input";
return Input_input_1e96c86c330ee08628fad5dac74846d4_1de60b20;
})();

export const Fieldset_fieldset_f6f26536ea83992fc28f5ca1efd0a1ab_1de60b20 = /*#__PURE__*/ (() => {
const Fieldset_fieldset_f6f26536ea83992fc28f5ca1efd0a1ab_1de60b20 = memo(({children, ...rest}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        jsx("fieldset",{...mergeSlotProps(rest, ({ "aria-describedby":(isTrue(reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["dob"]) ? "dob-hint dob-error" : "dob-hint"), className:"govuk-fieldset" }))},children)
    )
});
Fieldset_fieldset_f6f26536ea83992fc28f5ca1efd0a1ab_1de60b20.displayName = "Fieldset";
return Fieldset_fieldset_f6f26536ea83992fc28f5ca1efd0a1ab_1de60b20;
})();

export const Div_div_8d42ebf046d58dc9934e97d4dd67538e_1de60b20 = /*#__PURE__*/ (() => {
const Div_div_8d42ebf046d58dc9934e97d4dd67538e_1de60b20 = memo(({children, ...rest}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        jsx("div",{...mergeSlotProps(rest, ({ className:(isTrue(reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["dob"]) ? "govuk-form-group govuk-form-group--error" : "govuk-form-group") }))},children)
    )
});
Div_div_8d42ebf046d58dc9934e97d4dd67538e_1de60b20.displayName = "Div";
return Div_div_8d42ebf046d58dc9934e97d4dd67538e_1de60b20;
})();

export const Bare_comp_26ea4aa55dba5704a0270cd6c6e9778c_1de60b20 = /*#__PURE__*/ (() => {
const Bare_comp_26ea4aa55dba5704a0270cd6c6e9778c_1de60b20 = memo(({children}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["views"]
    )
});
Bare_comp_26ea4aa55dba5704a0270cd6c6e9778c_1de60b20.displayName = "Bare";
return Bare_comp_26ea4aa55dba5704a0270cd6c6e9778c_1de60b20;
})();

export const Cond_comp_af6a015032e0fc2a7b4ca38028df3f39_1de60b20 = /*#__PURE__*/ (() => {
const Cond_comp_af6a015032e0fc2a7b4ca38028df3f39_1de60b20 = memo(({children}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        (isTrue(reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["views"])?(children?.at?.(0)):(children?.at?.(1)))
    )
});
Cond_comp_af6a015032e0fc2a7b4ca38028df3f39_1de60b20.displayName = "Cond";
return Cond_comp_af6a015032e0fc2a7b4ca38028df3f39_1de60b20;
})();

export const Textarea_textarea_fc6307899d29b0d0d44583938826c5fa_1de60b20 = /*#__PURE__*/ (() => {
const Textarea_textarea_fc6307899d29b0d0d44583938826c5fa_1de60b20 = memo(({children, ...rest}) => {
    const ref_views = useRef(null); refs["ref_views"] = ref_views;
const on_change_00e0bbcf06e9d359539fe79007170252 = useCallback(((_e) => (addEvents([(ReflexEvent("reflex___state____state.ehcna_portal___state___dev____dev_components_state.set_views", ({ ["value"] : _e?.["target"]?.["value"] }), ({  })))], [_e], ({  })))), [addEvents, ReflexEvent])
const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        jsx("textarea",{...mergeSlotProps(rest, ({ "aria-describedby":(isTrue(reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["views"]) ? "views-info views-error" : "views-info"), className:(isTrue(reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["views"]) ? "govuk-textarea govuk-textarea--error govuk-js-character-count" : "govuk-textarea govuk-js-character-count"), id:"views", name:"views", onChange:on_change_00e0bbcf06e9d359539fe79007170252, ref:ref_views, rows:5, value:reflex___state____state__ehcna_portal___state___dev____dev_components_state.views_rx_state_ }))},)
    )
});
Textarea_textarea_fc6307899d29b0d0d44583938826c5fa_1de60b20.displayName = "Textarea";
return Textarea_textarea_fc6307899d29b0d0d44583938826c5fa_1de60b20;
})();

export const Bare_comp_a8b1583b48902ef1d1aa07a4a9d4e026_1de60b20 = /*#__PURE__*/ (() => {
const Bare_comp_a8b1583b48902ef1d1aa07a4a9d4e026_1de60b20 = memo(({children}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        (((200 - pyStrLength(reflex___state____state__ehcna_portal___state___dev____dev_components_state.views_rx_state_)) >= 0) ? (((200 - pyStrLength(reflex___state____state__ehcna_portal___state___dev____dev_components_state.views_rx_state_))?.valueOf?.() === 1?.valueOf?.()) ? "You have 1 character remaining" : (("You have "+(JSON.stringify((200 - pyStrLength(reflex___state____state__ehcna_portal___state___dev____dev_components_state.views_rx_state_)))))+" characters remaining")) : (((pyStrLength(reflex___state____state__ehcna_portal___state___dev____dev_components_state.views_rx_state_) - 200)?.valueOf?.() === 1?.valueOf?.()) ? "You have 1 character too many" : (("You have "+(JSON.stringify((pyStrLength(reflex___state____state__ehcna_portal___state___dev____dev_components_state.views_rx_state_) - 200))))+" characters too many")))
    )
});
Bare_comp_a8b1583b48902ef1d1aa07a4a9d4e026_1de60b20.displayName = "Bare";
return Bare_comp_a8b1583b48902ef1d1aa07a4a9d4e026_1de60b20;
})();

export const Div_div_85d30ef07512c4cdab52ad352accdf74_1de60b20 = /*#__PURE__*/ (() => {
const Div_div_85d30ef07512c4cdab52ad352accdf74_1de60b20 = memo(({children, ...rest}) => {
    const ref_views_info = useRef(null); refs["ref_views_info"] = ref_views_info;
const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        jsx("div",{...mergeSlotProps(rest, ({ "aria-live":"polite", className:(((200 - pyStrLength(reflex___state____state__ehcna_portal___state___dev____dev_components_state.views_rx_state_)) >= 0) ? "govuk-hint govuk-character-count__message" : "govuk-error-message govuk-character-count__message"), id:"views-info", ref:ref_views_info }))},children)
    )
});
Div_div_85d30ef07512c4cdab52ad352accdf74_1de60b20.displayName = "Div";
return Div_div_85d30ef07512c4cdab52ad352accdf74_1de60b20;
})();

export const Div_div_681e497ba2ecfce5893e6490ea50343a_1de60b20 = /*#__PURE__*/ (() => {
const Div_div_681e497ba2ecfce5893e6490ea50343a_1de60b20 = memo(({children, ...rest}) => {
    const reflex___state____state__ehcna_portal___state___dev____dev_components_state = useStateContext("reflex___state____state.ehcna_portal___state___dev____dev_components_state")
    return(
        jsx("div",{...mergeSlotProps(rest, ({ className:(isTrue(reflex___state____state__ehcna_portal___state___dev____dev_components_state.errors_rx_state_?.["views"]) ? "govuk-form-group govuk-character-count govuk-form-group--error" : "govuk-form-group govuk-character-count") }))},children)
    )
});
Div_div_681e497ba2ecfce5893e6490ea50343a_1de60b20.displayName = "Div";
return Div_div_681e497ba2ecfce5893e6490ea50343a_1de60b20;
})();

export const Form_form_f60b1ec3a79f89885615dfa0259d9bfc_1de60b20 = /*#__PURE__*/ (() => {
const Form_form_f60b1ec3a79f89885615dfa0259d9bfc_1de60b20 = memo(({children, ...rest}) => {
    
    const handleSubmit_f3ed2b4fbfe454f6899efb430e935a2d = useCallback((ev) => {
        const $form = ev.target
        ev.preventDefault()
        const form_data = getFormData($form, ({ ["full_name"] : getRefValue(refs["ref_full_name"]), ["contact"] : getRefValue(refs["ref_contact"]), ["contact_2"] : getRefValue(refs["ref_contact_2"]), ["needs"] : getRefValue(refs["ref_needs"]), ["needs_2"] : getRefValue(refs["ref_needs_2"]), ["needs_3"] : getRefValue(refs["ref_needs_3"]), ["needs_4"] : getRefValue(refs["ref_needs_4"]), ["dob"] : getRefValue(refs["ref_dob"]), ["dob_month"] : getRefValue(refs["ref_dob_month"]), ["dob_year"] : getRefValue(refs["ref_dob_year"]), ["views"] : getRefValue(refs["ref_views"]) }));

        (((...args) => (addEvents([(ReflexEvent("reflex___state____state.ehcna_portal___state___dev____dev_components_state.check", ({ ["form_data"] : form_data }), ({  })))], args, ({  }))))(ev));

        if (false) {
            $form.reset()
        }
    })
    
    return(
        jsx("form",{...mergeSlotProps(rest, ({ noValidate:true, onSubmit:handleSubmit_f3ed2b4fbfe454f6899efb430e935a2d }))},children)
    )
});
Form_form_f60b1ec3a79f89885615dfa0259d9bfc_1de60b20.displayName = "Form";
return Form_form_f60b1ec3a79f89885615dfa0259d9bfc_1de60b20;
})();
